package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import dev.paperboy.contracts.TrendingEntry;
import org.bson.Document;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The delivery ledger. Collection {@code deliveries} has one document per (subscriber, paper), {@code _id =
 * subscriber|paper} (the unique key) naming the digest that carries it, so a paper is offered to a subscriber once,
 * ever. Collection {@code digests} has one document per digest key with the papers and the Message-ID. Both are
 * written BEFORE the email is sent (digest state PENDING, with a lease); the digest becomes SENT after the SMTP
 * server accepted it.
 */
@Component
public class DeliveryLedger {

    static final String DELIVERIES = "deliveries";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final MongoCollection<Document> deliveries;

    public DeliveryLedger(MongoTemplate mongo) {
        this.mongo = mongo;
        this.deliveries = mongo.getCollection(DELIVERIES);
        var digests = mongo.getCollection("digests");
        digests.createIndex(Indexes.ascending("state", "leaseUntil"), new IndexOptions().name("state_lease"));
        deliveries.createIndex(Indexes.ascending("digestKey"), new IndexOptions().name("digest_key"));
    }

    /** A digest to record: up to {@code maxPapers} of {@code candidates} (best first) for one subscriber. */
    public record Planned(String subscriberId, String digestKey, String frequency, List<TrendingEntry> candidates,
                          int maxPapers) {
    }

    /**
     * Records the digest {@code digestKey} for {@code subscriberId} with up to {@code maxPapers} of
     * {@code candidates} (in their order) that were never offered to the subscriber, leased to {@code owner}.
     * Returns the digest to send now, or null when there is nothing new or the digest exists already (sent, or
     * being sent by its lease holder; an expired lease is picked up by {@link #claimStale}).
     */
    public Digest record(String subscriberId, String digestKey, String frequency, List<TrendingEntry> candidates,
                         int maxPapers, String owner, Instant now, Duration lease, String messageDomain) {
        List<Digest> recorded = recordAll(List.of(new Planned(subscriberId, digestKey, frequency, candidates,
                maxPapers)), owner, now, lease, messageDomain);
        return recorded.isEmpty() ? null : recorded.getFirst();
    }

    /**
     * {@link #record} for many digests with a handful of round trips: one lookup of existing digests, one of
     * existing ledger entries, one unordered insert of the new ledger entries, one of the digests. Only the first
     * {@code 4 × maxPapers} candidates of each digest are considered (the rest wait for the next digest).
     * <p>
     * Papers left in the ledger under the same digest key by an earlier, interrupted attempt count as this
     * digest's papers, so a redelivered snapshot or a rerun of the same day's run finishes what was begun.
     */
    public List<Digest> recordAll(List<Planned> planned, String owner, Instant now, Duration lease,
                                  String messageDomain) {
        List<Planned> todo = planned.stream().filter(p -> !p.candidates().isEmpty()).toList();
        if (todo.isEmpty()) {
            return List.of();
        }
        Set<String> existingDigests = new HashSet<>();
        for (Document d : mongo.getCollection("digests")
                .find(Filters.in("_id", todo.stream().map(Planned::digestKey).toList()))
                .projection(new Document("_id", 1))) {
            existingDigests.add(d.getString("_id"));
        }
        todo = todo.stream().filter(p -> !existingDigests.contains(p.digestKey())).toList();
        List<String> ledgerIds = new ArrayList<>();
        for (Planned p : todo) {
            p.candidates().stream().limit(4L * p.maxPapers()).forEach(e -> ledgerIds.add(p.subscriberId() + "|" + e.id()));
        }
        Map<String, String> offered = new HashMap<>();
        if (!ledgerIds.isEmpty()) {
            for (Document existing : deliveries.find(Filters.in("_id", ledgerIds))
                    .projection(new Document("digestKey", 1))) {
                offered.put(existing.getString("_id"), existing.getString("digestKey"));
            }
        }
        List<Document> inserts = new ArrayList<>();
        Map<Planned, List<TrendingEntry>> chosenByPlan = new java.util.LinkedHashMap<>();
        for (Planned p : todo) {
            List<TrendingEntry> chosen = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (TrendingEntry entry : p.candidates().subList(0, Math.min(p.candidates().size(), 4 * p.maxPapers()))) {
                String id = p.subscriberId() + "|" + entry.id();
                if (chosen.size() >= p.maxPapers() || !seen.add(id)) {
                    continue;
                }
                String owningDigest = offered.get(id);
                if (owningDigest == null) {
                    chosen.add(entry);
                    inserts.add(new Document("_id", id).append("subscriberId", p.subscriberId())
                            .append("paperId", entry.id()).append("digestKey", p.digestKey())
                            .append("createdAt", java.util.Date.from(now)));
                } else if (owningDigest.equals(p.digestKey())) {
                    chosen.add(entry);
                }
            }
            if (!chosen.isEmpty()) {
                chosenByPlan.put(p, chosen);
            }
        }
        Set<String> lost = insertUnordered(deliveries, inserts);
        List<Digest> digests = new ArrayList<>();
        chosenByPlan.forEach((p, chosen) -> {
            chosen.removeIf(entry -> lost.contains(p.subscriberId() + "|" + entry.id()));
            if (!chosen.isEmpty()) {
                digests.add(new Digest(p.digestKey(), p.subscriberId(), p.frequency(), List.copyOf(chosen),
                        messageId(p.digestKey(), messageDomain), DigestState.PENDING, 1, owner, now.plus(lease), now,
                        null));
            }
        });
        if (digests.isEmpty()) {
            return List.of();
        }
        List<Document> digestDocuments = new ArrayList<>(digests.size());
        Map<TrendingEntry, Object> convertedEntries = new HashMap<>();
        for (Digest digest : digests) {
            digestDocuments.add(document(digest, convertedEntries));
        }
        // a digest key another instance recorded at the same moment is sent by that instance
        Set<String> raced = insertUnordered(mongo.getCollection("digests"), digestDocuments);
        return digests.stream().filter(d -> !raced.contains(d.key())).toList();
    }

    /**
     * The stored form of {@code digest}, as Spring Data writes it, with each paper converted once per call: the
     * papers of a run recur in thousands of digests. {@code converted} caches the papers' converted forms.
     */
    Document document(Digest digest, Map<TrendingEntry, Object> converted) {
        Document document = new Document();
        mongo.getConverter().write(new Digest(digest.key(), digest.subscriberId(), digest.frequency(), List.of(),
                digest.messageId(), digest.state(), digest.attempts(), digest.owner(), digest.leaseUntil(),
                digest.createdAt(), digest.sentAt()), document);
        List<Object> entries = new ArrayList<>(digest.entries().size());
        for (TrendingEntry entry : digest.entries()) {
            entries.add(converted.computeIfAbsent(entry, e -> mongo.getConverter().convertToMongoType(e,
                    TypeInformation.of(TrendingEntry.class))));
        }
        document.put("entries", entries);
        return document;
    }

    /** Inserts documents; returns the ids another writer inserted first (duplicate key). */
    private static Set<String> insertUnordered(MongoCollection<Document> collection, List<Document> inserts) {
        if (inserts.isEmpty()) {
            return Set.of();
        }
        try {
            collection.insertMany(inserts, new InsertManyOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            Set<String> lost = new HashSet<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                lost.add(inserts.get(error.getIndex()).getString("_id"));
            }
            return lost;
        }
    }

    /** A stable Message-ID per digest key: every (re)send of one digest carries the same one. */
    public static String messageId(String digestKey, String domain) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(digestKey.getBytes(StandardCharsets.UTF_8));
            return "<digest-" + HexFormat.of().formatHex(hash, 0, 20) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PENDING digests whose lease ran out (failed or interrupted sends), at most {@code limit}. */
    public List<Digest> findStale(Instant now, int limit) {
        return mongo.find(Query.query(where("state").is(DigestState.PENDING).and("leaseUntil").lt(now)).limit(limit),
                Digest.class);
    }

    /** Takes the lease of a stale PENDING digest; null when another instance took it or it was finished. */
    public Digest claimStale(String digestKey, String owner, Instant now, Duration lease) {
        return mongo.findAndModify(
                Query.query(where("_id").is(digestKey).and("state").is(DigestState.PENDING).and("leaseUntil").lt(now)),
                new Update().set("owner", owner).set("leaseUntil", now.plus(lease)).inc("attempts", 1),
                FindAndModifyOptions.options().returnNew(true), Digest.class);
    }

    public void markSent(Digest digest, Instant at) {
        markSent(List.of(digest.key()), at);
    }

    /** Marks digests SENT in one update (their ledger entries need no change: existing = offered). */
    public void markSent(List<String> digestKeys, Instant at) {
        if (!digestKeys.isEmpty()) {
            mongo.updateMulti(Query.query(where("_id").in(digestKeys)),
                    new Update().set("state", DigestState.SENT).set("sentAt", at).unset("leaseUntil"), Digest.class);
        }
    }

    /** Leaves the digest PENDING, to be tried again by whoever claims it after {@code retryAt}. */
    public void postpone(Digest digest, Instant retryAt) {
        mongo.updateFirst(Query.query(where("_id").is(digest.key())), new Update().set("leaseUntil", retryAt),
                Digest.class);
    }

    public void markFailed(Digest digest, Instant at) {
        mongo.updateFirst(Query.query(where("_id").is(digest.key())),
                new Update().set("state", DigestState.FAILED).set("sentAt", at).unset("leaseUntil"), Digest.class);
    }

    /** The subscription stopped before the send: the digest is dropped and its papers may be offered again. */
    public void cancel(Digest digest) {
        mongo.updateFirst(Query.query(where("_id").is(digest.key())),
                new Update().set("state", DigestState.CANCELLED).unset("leaseUntil"), Digest.class);
        deliveries.deleteMany(Filters.and(Filters.in("_id", ledgerIds(digest)), Filters.eq("digestKey", digest.key())));
    }

    private static List<String> ledgerIds(Digest digest) {
        return digest.entries().stream().map(entry -> digest.subscriberId() + "|" + entry.id()).toList();
    }
}

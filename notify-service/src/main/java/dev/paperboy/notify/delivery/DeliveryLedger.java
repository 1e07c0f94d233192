package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import dev.paperboy.contracts.TrendingEntry;
import org.bson.Document;
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
import java.util.Date;
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
 * ever. Each digest has a small status document in {@code digests} ({@link DigestStatus}: state, lease, attempts,
 * Message-ID, the keys of its papers); the papers are stored once each in {@code digest_papers} ({@link DigestPaper})
 * however many digests carry them. All are written BEFORE the email is sent (ledger entries, then papers, then the
 * status PENDING with a lease; a digest exists once its status does); the digest becomes SENT after the SMTP server
 * accepted it.
 */
@Component
public class DeliveryLedger {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeliveryLedger.class);
    static final String DELIVERIES = "deliveries";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final MongoCollection<Document> deliveries;
    private final MongoCollection<Document> digests;
    private final PaperVersions papers;

    public DeliveryLedger(MongoTemplate mongo) {
        this.mongo = mongo;
        this.deliveries = mongo.getCollection(DELIVERIES);
        this.digests = mongo.getCollection(mongo.getCollectionName(DigestStatus.class));
        this.papers = new PaperVersions(mongo);
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
     * existing ledger entries, one unordered insert of the new ledger entries, a lookup and an insert of the papers
     * not stored yet, one insert of the statuses. Only the first {@code 4 × maxPapers} candidates of each digest are considered (the rest wait
     * for the next digest).
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
        for (Document d : digests
                .find(Filters.in("_id", todo.stream().map(Planned::digestKey).toList()))
                .projection(new Document("_id", 1))) {
            existingDigests.add(d.getString("_id"));
        }
        todo = todo.stream().filter(p -> !existingDigests.contains(p.digestKey())).toList();
        List<String> ledgerIds = new ArrayList<>();
        for (Planned p : todo) {
            p.candidates().stream().limit(4L * p.maxPapers())
                    .forEach(e -> ledgerIds.add(p.subscriberId() + "|" + e.id()));
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
        List<Digest> recorded = new ArrayList<>();
        chosenByPlan.forEach((p, chosen) -> {
            chosen.removeIf(entry -> lost.contains(p.subscriberId() + "|" + entry.id()));
            if (!chosen.isEmpty()) {
                recorded.add(new Digest(p.digestKey(), p.subscriberId(), p.frequency(), List.copyOf(chosen),
                        messageId(p.digestKey(), messageDomain), DigestState.PENDING, 1, owner, now.plus(lease), now,
                        null));
            }
        });
        if (recorded.isEmpty()) {
            return List.of();
        }
        Map<String, PaperVersions.Version> versions = new HashMap<>();
        List<Document> statusDocuments = new ArrayList<>(recorded.size());
        for (Digest digest : recorded) {
            List<String> keys = new ArrayList<>(digest.entries().size());
            for (TrendingEntry entry : digest.entries()) {
                PaperVersions.Version version = papers.of(entry);
                versions.putIfAbsent(version.key(), version);
                keys.add(version.key());
            }
            statusDocuments.add(digest.status(keys).document());
        }
        papers.store(versions.values());
        // a digest key another instance recorded at the same moment is sent by that instance
        Set<String> raced = insertUnordered(digests, statusDocuments);
        return recorded.stream().filter(d -> !raced.contains(d.key())).toList();
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
    public List<DigestStatus> findStale(Instant now, int limit) {
        return mongo.find(Query.query(where("state").is(DigestState.PENDING).and("leaseUntil").lt(now)).limit(limit),
                DigestStatus.class);
    }

    /**
     * Takes the lease of each of the {@code stale} digests that is still PENDING with its lease run out (one atomic
     * update each) and returns them with their papers; those another instance took or finished are left out.
     */
    public List<Digest> claimStale(List<DigestStatus> stale, String owner, Instant now, Duration lease) {
        List<DigestStatus> claimed = new ArrayList<>();
        for (DigestStatus digest : stale) {
            DigestStatus taken = mongo.findAndModify(Query.query(where("_id").is(digest.key())
                            .and("state").is(DigestState.PENDING).and("leaseUntil").lt(now)),
                    new Update().set("owner", owner).set("leaseUntil", now.plus(lease)).inc("attempts", 1),
                    FindAndModifyOptions.options().returnNew(true), DigestStatus.class);
            if (taken != null) {
                claimed.add(taken);
            }
        }
        return withPapers(claimed);
    }

    /** The digest {@code digestKey} with its papers; null when there is none. */
    public Digest find(String digestKey) {
        DigestStatus status = mongo.findById(digestKey, DigestStatus.class);
        return status == null ? null : withPapers(List.of(status)).stream().findFirst().orElse(null);
    }

    /** The digests of {@code statuses} with their papers; one whose papers are lost is marked FAILED instead. */
    private List<Digest> withPapers(List<DigestStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        Map<String, List<TrendingEntry>> found = papers.papersOf(statuses);
        List<Digest> digests = new ArrayList<>(statuses.size());
        for (DigestStatus status : statuses) {
            List<TrendingEntry> entries = found.get(status.key());
            if (entries == null) {
                log.error("digest {} cannot be sent again: its papers are not in the database", status.key());
                markFailed(Digest.of(status, List.of()), Instant.now());
            } else {
                digests.add(Digest.of(status, entries));
            }
        }
        return digests;
    }

    public void markSent(Digest digest, Instant at) {
        markSent(List.of(digest.key()), at);
    }

    /** Marks digests SENT in one update (their ledger entries need no change: existing = offered). */
    public void markSent(List<String> digestKeys, Instant at) {
        if (!digestKeys.isEmpty()) {
            // the driver's own update, in the stored form (enum name, Date): Spring's mapping of the query and the
            // update through the entity metadata cost more than the update itself, once per SMTP batch
            digests.updateMany(Filters.in("_id", digestKeys), Updates.combine(
                    Updates.set("state", DigestState.SENT.name()), Updates.set("sentAt", Date.from(at)),
                    Updates.unset("leaseUntil")));
        }
    }

    /** Leaves the digest PENDING, to be tried again by whoever claims it after {@code retryAt}. */
    public void postpone(Digest digest, Instant retryAt) {
        mongo.updateFirst(Query.query(where("_id").is(digest.key())), new Update().set("leaseUntil", retryAt),
                DigestStatus.class);
    }

    public void markFailed(Digest digest, Instant at) {
        mongo.updateFirst(Query.query(where("_id").is(digest.key())),
                new Update().set("state", DigestState.FAILED).set("sentAt", at).unset("leaseUntil"),
                DigestStatus.class);
    }

    /** The subscription stopped before the send: the digest is dropped and its papers may be offered again. */
    public void cancel(Digest digest) {
        mongo.updateFirst(Query.query(where("_id").is(digest.key())),
                new Update().set("state", DigestState.CANCELLED).unset("leaseUntil"), DigestStatus.class);
        deliveries.deleteMany(Filters.and(Filters.in("_id", ledgerIds(digest)), Filters.eq("digestKey", digest.key())));
    }

    private static List<String> ledgerIds(Digest digest) {
        return digest.entries().stream().map(entry -> digest.subscriberId() + "|" + entry.id()).toList();
    }
}

package dev.paperboy.notify.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyProperties;
import org.bson.Document;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The delivery ledger. Collection {@code offers} has one document per digest ({@code _id} = digest key) listing the
 * {@code subscriber|paper} pairs it offers under a unique index, so a paper is offered to a subscriber once, ever;
 * the same document holds the digest's status ({@link DigestStatus}: state, lease, attempts, Message-ID, the keys of
 * its papers). The papers are stored once each in {@code digest_papers} ({@link DigestPaper}) however many digests
 * carry them. The papers, then the ledger document (status PENDING with a lease) are written BEFORE the email is
 * sent ({@link DigestRecorder}); the digest becomes SENT after the SMTP server accepted it. Ledger documents are
 * never removed: {@link DigestRetention} removes only the status of old finished digests, and old papers.
 * Statuses that earlier versions kept apart, in {@code digests}, are moved in at startup ({@link LegacyStatuses}).
 */
@Component
public class DeliveryLedger {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeliveryLedger.class);
    /** The ledger of earlier versions, one document per pair; read, never written, while it has entries. */
    static final String LEGACY_DELIVERIES = "deliveries";

    private final MongoTemplate mongo;
    private final MongoCollection<Document> offers;
    private final MongoCollection<Document> legacy;
    private final PaperVersions papers;
    private final DigestRecorder recorder;

    public DeliveryLedger(MongoTemplate mongo, NotifyProperties properties) {
        this.mongo = mongo;
        this.offers = mongo.getCollection(DigestRecorder.OFFERS);
        this.papers = new PaperVersions(mongo, properties.digestRetention().dividedBy(2));
        offers.createIndex(Indexes.ascending("state", "leaseUntil"), new IndexOptions().name("state_lease"));
        // the one guarantee: a (subscriber, paper) pair in one ledger document at most (a multikey unique index)
        offers.createIndex(Indexes.ascending("pairs"), new IndexOptions().unique(true).name("pair_unique"));
        offers.createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("created"));
        new LegacyStatuses(mongo.getCollection(LegacyStatuses.COLLECTION), offers).moveIntoLedger();
        MongoCollection<Document> deliveries = mongo.getCollection(LEGACY_DELIVERIES);
        this.legacy = deliveries.find().projection(new Document("_id", 1)).first() == null ? null : deliveries;
        this.recorder = new DigestRecorder(offers, legacy, papers, properties.digestRetention());
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
     * {@link #record} for many digests with a handful of round trips (lookups of existing ledger documents and of
     * offered pairs, one insert of papers not stored yet, one insert of ledger documents). Only the first
     * {@code 4 × maxPapers} candidates of each digest are considered (the rest wait for the next digest).
     * <p>
     * A digest key claimed by an older version without its status (an interrupted attempt) is completed with the
     * papers its ledger document names, so a rerun of the same day's run finishes what was begun.
     */
    public List<Digest> recordAll(List<Planned> planned, String owner, Instant now, Duration lease,
                                  String messageDomain) {
        return recording(planned, owner, now, lease, messageDomain).read().claim();
    }

    /** A recording whose steps the caller runs (tests interleave two of them). */
    DigestRecorder.Recording recording(List<Planned> planned, String owner, Instant now, Duration lease,
                                       String messageDomain) {
        return recorder.start(planned, owner, now, lease, messageDomain);
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
     * Takes the lease of those of the {@code stale} digests that are still PENDING with their lease run out, all in
     * one update (atomic per digest), and returns them with their papers, read back by the claim's own owner value
     * ({@code owner/<random claim id>}); those another instance took or finished meanwhile are left out.
     */
    public List<Digest> claimStale(List<DigestStatus> stale, String owner, Instant now, Duration lease) {
        if (stale.isEmpty()) {
            return List.of();
        }
        String claim = owner + "/" + UUID.randomUUID();
        List<String> keys = stale.stream().map(DigestStatus::key).toList();
        offers.updateMany(Filters.and(Filters.in("_id", keys), Filters.eq("state", DigestState.PENDING.name()),
                        Filters.lt("leaseUntil", Date.from(now))),
                Updates.combine(Updates.set("owner", claim), Updates.set("leaseUntil", Date.from(now.plus(lease))),
                        Updates.inc("attempts", 1)));
        Map<String, DigestStatus> taken = new HashMap<>();
        for (DigestStatus status : mongo.find(Query.query(where("_id").in(keys).and("owner").is(claim)),
                DigestStatus.class)) {
            taken.put(status.key(), status);
        }
        return withPapers(keys.stream().map(taken::get).filter(java.util.Objects::nonNull).toList());
    }

    /** The digest {@code digestKey} with its papers; null when there is none (or retention removed its status). */
    public Digest find(String digestKey) {
        DigestStatus status = mongo.findById(digestKey, DigestStatus.class);
        return status == null || status.state() == null ? null
                : withPapers(List.of(status)).stream().findFirst().orElse(null);
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
                markFailed(new Digest(status, List.of()), Instant.now());
            } else {
                digests.add(new Digest(status, entries));
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
            offers.updateMany(Filters.in("_id", digestKeys), Updates.combine(
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

    /**
     * The subscription stopped before the send: the digest is dropped and its papers may be offered again. Its ledger
     * document stays, CANCELLED, so that a rerun of the key records nothing; its only pair is then its own key (no
     * {@code subscriber|paper} pair has two {@code |}), as a unique index admits one document without the field.
     */
    public void cancel(Digest digest) {
        offers.updateOne(Filters.and(Filters.eq("_id", digest.key()), Filters.eq("state", DigestState.PENDING.name())),
                Updates.combine(Updates.set("state", DigestState.CANCELLED.name()),
                        Updates.set("pairs", List.of(digest.key())), Updates.unset("leaseUntil")));
        if (legacy != null) {
            legacy.deleteMany(Filters.and(Filters.in("_id", digest.entries().stream()
                    .map(entry -> digest.subscriberId() + "|" + entry.id()).toList()),
                    Filters.eq("digestKey", digest.key())));
        }
    }
}

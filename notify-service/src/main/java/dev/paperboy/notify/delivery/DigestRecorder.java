package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import dev.paperboy.contracts.TrendingEntry;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records digests before anything is sent, in three steps a {@link Recording} runs in order: {@link Recording#read
 * read} what is recorded already, {@link Recording#claim claim} the papers with ONE ledger document per digest in
 * {@code offers} ({@code _id} = digest key, {@code pairs} = its {@code subscriber|paper} pairs under a unique index,
 * {@code papers} = the keys of its stored papers), then {@link Recording#commit commit} the digest's status.
 * <p>
 * The claim is one atomic insert: a digest key owns all of its papers or none, so two recorders of the same key
 * cannot split its papers between them. Whoever finds the key claimed (by itself, by a concurrent recorder, or by an
 * interrupted earlier attempt) writes the status from that ledger document, never from its own candidates; the
 * status insert (unique {@code _id}) decides which one instance sends it. So every paper marked offered belongs to
 * a digest that exists or that the next recorder of the key completes.
 */
final class DigestRecorder {

    static final String OFFERS = "offers";
    /** Attempts to claim a digest whose papers another digest took between the read and the claim. */
    private static final int CLAIM_ATTEMPTS = 3;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> offers;
    private final MongoCollection<Document> digests;
    /** The per-pair ledger of earlier versions ({@code _id = subscriber|paper}), read only; null when empty. */
    private final MongoCollection<Document> legacy;
    private final PaperVersions papers;
    /** How long digests are kept ({@link DigestRetention}). */
    private final Duration retention;

    DigestRecorder(MongoCollection<Document> offers, MongoCollection<Document> digests,
                   MongoCollection<Document> legacy, PaperVersions papers, Duration retention) {
        this.retention = retention;
        this.offers = offers;
        this.digests = digests;
        this.legacy = legacy;
        this.papers = papers;
    }

    Recording start(List<DeliveryLedger.Planned> planned, String owner, Instant now, Duration lease,
                    String messageDomain) {
        return new Recording(planned, owner, now, lease, messageDomain);
    }

    /** One recording of many digests; {@link #read}, {@link #claim}, {@link #commit} in this order. */
    final class Recording {

        private final String owner;
        private final Instant now;
        private final Duration lease;
        private final String messageDomain;
        /** Digests to claim: nothing recorded under their key yet. */
        private Map<String, DeliveryLedger.Planned> fresh = new LinkedHashMap<>();
        /** Pairs offered already, among those {@link #fresh} may claim. */
        private final Set<String> offered = new HashSet<>();
        /** Digests claimed by this recording: key → papers (in order), and the keys of those papers. */
        private final Map<String, List<TrendingEntry>> claimed = new LinkedHashMap<>();
        private final Map<String, List<String>> claimedKeys = new HashMap<>();
        /** Ledger documents of keys claimed by someone else (or an interrupted attempt) without a status seen. */
        private final Map<String, Document> adopted = new LinkedHashMap<>();
        private final Map<String, DeliveryLedger.Planned> plans = new HashMap<>();

        private Recording(List<DeliveryLedger.Planned> planned, String owner, Instant now, Duration lease,
                          String messageDomain) {
            this.owner = owner;
            this.now = now;
            this.lease = lease;
            this.messageDomain = messageDomain;
            for (DeliveryLedger.Planned p : planned) {
                if (!p.candidates().isEmpty()) {
                    fresh.putIfAbsent(p.digestKey(), p);
                    plans.putIfAbsent(p.digestKey(), p);
                }
            }
        }

        /** Leaves out digests with a status; takes over ledger documents of keys without one; reads offered pairs. */
        Recording read() {
            if (fresh.isEmpty()) {
                return this;
            }
            for (Document d : digests.find(Filters.in("_id", List.copyOf(fresh.keySet())))
                    .projection(new Document("_id", 1))) {
                fresh.remove(d.getString("_id"));
            }
            adoptClaimed(fresh.keySet());
            readOffered();
            return this;
        }

        /**
         * Inserts the ledger documents of the fresh digests (their papers stored first). A key found claimed is
         * adopted; a digest one of whose papers another digest took meanwhile is chosen again.
         */
        Recording claim() {
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS && !fresh.isEmpty(); attempt++) {
                Map<String, List<TrendingEntry>> chosen = new LinkedHashMap<>();
                Map<String, Document> ledger = new LinkedHashMap<>();
                Map<String, PaperVersions.Version> versions = new HashMap<>();
                fresh.forEach((key, p) -> {
                    List<TrendingEntry> entries = choose(p);
                    if (!entries.isEmpty()) {
                        List<String> pairs = new ArrayList<>(entries.size());
                        List<String> keys = new ArrayList<>(entries.size());
                        for (TrendingEntry entry : entries) {
                            PaperVersions.Version version = papers.of(entry);
                            versions.putIfAbsent(version.key(), version);
                            pairs.add(p.subscriberId() + "|" + entry.id());
                            keys.add(version.key());
                        }
                        chosen.put(key, entries);
                        ledger.put(key, new Document("_id", key).append("subscriberId", p.subscriberId())
                                .append("pairs", pairs).append("papers", keys).append("createdAt", Date.from(now)));
                    }
                });
                if (ledger.isEmpty()) {
                    break;
                }
                // the papers before the ledger: a ledger document always names papers that are stored
                papers.store(versions.values(), now);
                Set<String> lost = insertUnordered(offers, new ArrayList<>(ledger.values()));
                chosen.forEach((key, entries) -> {
                    if (!lost.contains(key)) {
                        claimed.put(key, entries);
                        claimedKeys.put(key, ledger.get(key).getList("papers", String.class));
                    }
                });
                Map<String, DeliveryLedger.Planned> retry = new LinkedHashMap<>();
                lost.forEach(key -> retry.put(key, fresh.get(key)));
                fresh = retry;
                if (!fresh.isEmpty()) {
                    adoptClaimed(fresh.keySet());
                    readOffered();
                }
            }
            return this;
        }

        /**
         * Inserts the statuses of the digests claimed or adopted; returns those this recording inserted (to send
         * now). A status another instance inserted first is that instance's to send.
         */
        List<Digest> commit() {
            List<Digest> recorded = new ArrayList<>(claimed.size() + adopted.size());
            List<Document> statuses = new ArrayList<>(claimed.size() + adopted.size());
            claimed.forEach((key, entries) -> {
                Digest digest = pending(plans.get(key), entries);
                recorded.add(digest);
                statuses.add(digest.status(claimedKeys.get(key)).document());
            });
            if (!adopted.isEmpty()) {
                List<DigestStatus> adoptedStatuses = new ArrayList<>(adopted.size());
                adopted.forEach((key, ledger) -> adoptedStatuses.add(pending(plans.get(key), List.of())
                        .status(ledger.getList("papers", String.class))));
                Map<String, List<TrendingEntry>> found = papers.papersOf(adoptedStatuses);
                for (DigestStatus status : adoptedStatuses) {
                    List<TrendingEntry> entries = found.get(status.key());
                    if (entries == null) {
                        // only a hand-edited database lacks them: recorded as failed, not sent
                        statuses.add(new DigestStatus(status.key(), status.subscriberId(), status.frequency(),
                                status.papers(), status.messageId(), DigestState.FAILED, status.attempts(), null, null,
                                now, now).document());
                    } else {
                        recorded.add(Digest.of(status, entries));
                        statuses.add(status.document());
                    }
                }
            }
            Set<String> raced = insertUnordered(digests, statuses);
            releaseCancelled(raced);
            return recorded.stream().filter(d -> !raced.contains(d.key())).toList();
        }

        /**
         * A status older than this recording's own claim of its key can only be a cancelled digest's (cancelling
         * drops the claim after marking the status): the claim is dropped too, its papers free again.
         */
        private void releaseCancelled(Set<String> raced) {
            List<String> ours = raced.stream().filter(claimed::containsKey).toList();
            if (ours.isEmpty()) {
                return;
            }
            List<String> cancelled = new ArrayList<>();
            for (Document status : digests.find(Filters.and(Filters.in("_id", ours),
                    Filters.eq("state", DigestState.CANCELLED.name()))).projection(new Document("_id", 1))) {
                cancelled.add(status.getString("_id"));
            }
            if (!cancelled.isEmpty()) {
                offers.deleteMany(Filters.in("_id", cancelled));
            }
        }

        private Digest pending(DeliveryLedger.Planned p, List<TrendingEntry> entries) {
            return new Digest(p.digestKey(), p.subscriberId(), p.frequency(), List.copyOf(entries),
                    DeliveryLedger.messageId(p.digestKey(), messageDomain), DigestState.PENDING, 1, owner,
                    now.plus(lease), now, null);
        }

        /** Up to {@code maxPapers} of the first {@code 4 × maxPapers} candidates not offered before, in order. */
        private List<TrendingEntry> choose(DeliveryLedger.Planned p) {
            List<TrendingEntry> chosen = new ArrayList<>(p.maxPapers());
            Set<String> seen = new HashSet<>();
            for (TrendingEntry entry : window(p)) {
                String pair = p.subscriberId() + "|" + entry.id();
                if (chosen.size() < p.maxPapers() && seen.add(pair) && !offered.contains(pair)) {
                    chosen.add(entry);
                }
            }
            return chosen;
        }

        /**
         * Moves keys that have a ledger document from {@link #fresh} to {@link #adopted}; one recorded before the
         * retention is left alone: its digest was sent and its status pruned since (a very late redelivery).
         */
        private void adoptClaimed(Set<String> keys) {
            Date retained = Date.from(now.minus(retention));
            for (Document ledger : offers.find(Filters.in("_id", List.copyOf(keys)))
                    .projection(new Document("papers", 1).append("createdAt", 1))) {
                String key = ledger.getString("_id");
                fresh.remove(key);
                Date createdAt = ledger.getDate("createdAt");
                if (createdAt == null || !createdAt.before(retained)) {
                    adopted.put(key, ledger);
                }
            }
        }

        private void readOffered() {
            List<String> pairs = new ArrayList<>();
            fresh.values().forEach(p -> window(p).forEach(e -> pairs.add(p.subscriberId() + "|" + e.id())));
            if (pairs.isEmpty()) {
                return;
            }
            for (Document ledger : offers.find(Filters.in("pairs", pairs)).projection(new Document("pairs", 1)
                    .append("_id", 0))) {
                offered.addAll(ledger.getList("pairs", String.class));
            }
            if (legacy != null) {
                for (Document entry : legacy.find(Filters.in("_id", pairs)).projection(new Document("_id", 1))) {
                    offered.add(entry.getString("_id"));
                }
            }
        }
    }

    /** The candidates a digest may take: the first {@code 4 × maxPapers} (the rest wait for the next digest). */
    private static List<TrendingEntry> window(DeliveryLedger.Planned p) {
        return p.candidates().subList(0, Math.min(p.candidates().size(), 4 * p.maxPapers()));
    }

    /** Inserts documents; returns the ids of those refused as duplicates (of their id or of a unique field). */
    static Set<String> insertUnordered(MongoCollection<Document> collection, List<Document> inserts) {
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
}

package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
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
import java.util.UUID;

/**
 * Records digests before anything is sent, in two steps a {@link Recording} runs in order: {@link Recording#read
 * read} what is recorded already, then {@link Recording#claim claim} each digest with ONE document in {@code offers}
 * ({@code _id} = digest key, {@code pairs} = its {@code subscriber|paper} pairs under a unique index, {@code papers}
 * = the keys of its stored papers, and its status: PENDING, leased to the recorder).
 * <p>
 * The claim is one atomic insert: a digest key owns all of its papers or none, and the insert that wins the key
 * (unique {@code _id}) is the one instance that sends it. Whoever finds the key recorded (by itself earlier, by a
 * concurrent recorder) leaves it alone; a digest one of whose papers another digest took between the read and the
 * insert (unique {@code pairs}) is chosen again.
 * <p>
 * A ledger document without a status, created within the retention, is one an older version claimed and did not
 * complete (it wrote the status apart, after the claim): the next recorder of its key takes it over with the papers it
 * names, so exactly those are sent. One recorded before the retention is a digest whose status retention removed.
 */
final class DigestRecorder {

    static final String OFFERS = "offers";
    /** Attempts to claim a digest whose papers another digest took between the read and the claim. */
    private static final int CLAIM_ATTEMPTS = 3;

    private final MongoCollection<Document> offers;
    /** The per-pair ledger of earlier versions ({@code _id = subscriber|paper}), read only; null when empty. */
    private final MongoCollection<Document> legacy;
    private final PaperVersions papers;
    /** How long digests are kept ({@link DigestRetention}). */
    private final Duration retention;

    DigestRecorder(MongoCollection<Document> offers, MongoCollection<Document> legacy, PaperVersions papers,
                   Duration retention) {
        this.retention = retention;
        this.offers = offers;
        this.legacy = legacy;
        this.papers = papers;
    }

    Recording start(List<DeliveryLedger.Planned> planned, String owner, Instant now, Duration lease,
                    String messageDomain) {
        return new Recording(planned, owner, now, lease, messageDomain);
    }

    /** One recording of many digests; {@link #read}, then {@link #claim}. */
    final class Recording {

        private final String owner;
        private final Instant now;
        private final Duration lease;
        private final String messageDomain;
        /** Digests to claim: nothing recorded under their key yet. */
        private Map<String, DeliveryLedger.Planned> fresh = new LinkedHashMap<>();
        /** Pairs offered already, among those {@link #fresh} may claim. */
        private final Set<String> offered = new HashSet<>();
        /** Ledger documents of keys an older version claimed without a status: key → their paper keys. */
        private final Map<String, List<String>> unfinished = new LinkedHashMap<>();
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

        /** Leaves out digests recorded already (noting unfinished ones of an older version); reads offered pairs. */
        Recording read() {
            if (!fresh.isEmpty()) {
                leaveOutRecorded(fresh.keySet());
                readOffered();
            }
            return this;
        }

        /**
         * Inserts the ledger documents of the fresh digests (their papers stored first) and takes over the unfinished
         * ones; returns the digests this recording got to send. A key found recorded meanwhile is someone else's; a
         * digest one of whose papers another digest took meanwhile is chosen again.
         */
        List<Digest> claim() {
            List<Digest> recorded = new ArrayList<>(fresh.size());
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS && !fresh.isEmpty(); attempt++) {
                Map<String, Digest> chosen = new LinkedHashMap<>();
                List<Document> inserts = new ArrayList<>(fresh.size());
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
                        Digest digest = new Digest(pending(p, keys, owner), List.copyOf(entries));
                        chosen.put(key, digest);
                        inserts.add(digest.status().document(pairs));
                    }
                });
                if (inserts.isEmpty()) {
                    break;
                }
                // the papers before the ledger: a ledger document always names papers that are stored
                papers.store(versions.values(), now);
                Set<String> lost = insertUnordered(offers, inserts);
                chosen.forEach((key, digest) -> {
                    if (!lost.contains(key)) {
                        recorded.add(digest);
                    }
                });
                Map<String, DeliveryLedger.Planned> retry = new LinkedHashMap<>();
                lost.forEach(key -> retry.put(key, fresh.get(key)));
                fresh = retry;
                if (!fresh.isEmpty()) {
                    leaveOutRecorded(fresh.keySet());
                    readOffered();
                }
            }
            recorded.addAll(finishUnfinished());
            return recorded;
        }

        /**
         * Gives the unfinished ledger documents their status, PENDING and leased to this recording under a claim id
         * of its own, in one update that takes only those still without a status, and returns those it took.
         */
        private List<Digest> finishUnfinished() {
            if (unfinished.isEmpty()) {
                return List.of();
            }
            String claim = owner + "/" + UUID.randomUUID();
            List<DigestStatus> statuses = new ArrayList<>(unfinished.size());
            for (String key : unfinished.keySet()) {
                DigestStatus status = pending(plans.get(key), unfinished.get(key), claim);
                statuses.add(status);
                offers.updateOne(Filters.and(Filters.eq("_id", key), Filters.exists("state", false)),
                        Updates.combine(Updates.set("frequency", status.frequency()),
                                Updates.set("messageId", status.messageId()),
                                Updates.set("state", DigestState.PENDING.name()), Updates.set("attempts", 1),
                                Updates.set("owner", claim),
                                Updates.set("leaseUntil", Date.from(status.leaseUntil()))));
            }
            Set<String> taken = new HashSet<>();
            for (Document document : offers.find(Filters.and(Filters.in("_id", unfinished.keySet()),
                    Filters.eq("owner", claim))).projection(new Document("_id", 1))) {
                taken.add(document.getString("_id"));
            }
            unfinished.clear();
            List<DigestStatus> ours = statuses.stream().filter(status -> taken.contains(status.key())).toList();
            Map<String, List<TrendingEntry>> found = papers.papersOf(ours);
            List<Digest> digests = new ArrayList<>(ours.size());
            for (DigestStatus status : ours) {
                List<TrendingEntry> entries = found.get(status.key());
                if (entries == null) {
                    // only a hand-edited database lacks them: recorded as failed, not sent
                    offers.updateOne(Filters.eq("_id", status.key()), Updates.combine(
                            Updates.set("state", DigestState.FAILED.name()), Updates.set("sentAt", Date.from(now)),
                            Updates.unset("leaseUntil")));
                } else {
                    digests.add(new Digest(status, entries));
                }
            }
            return digests;
        }

        private DigestStatus pending(DeliveryLedger.Planned p, List<String> paperKeys, String leasedTo) {
            return new DigestStatus(p.digestKey(), p.subscriberId(), p.frequency(), List.copyOf(paperKeys),
                    DeliveryLedger.messageId(p.digestKey(), messageDomain), DigestState.PENDING, 1, leasedTo,
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
         * Removes keys that have a ledger document from {@link #fresh}; one without a status created within the
         * retention is {@link #unfinished} (an older version's interrupted claim), to be taken over.
         */
        private void leaveOutRecorded(Set<String> keys) {
            Date retained = Date.from(now.minus(retention));
            for (Document ledger : offers.find(Filters.in("_id", List.copyOf(keys)))
                    .projection(new Document("state", 1).append("papers", 1).append("createdAt", 1))) {
                String key = ledger.getString("_id");
                fresh.remove(key);
                Date createdAt = ledger.getDate("createdAt");
                List<String> paperKeys = ledger.getList("papers", String.class);
                if (ledger.get("state") == null && paperKeys != null && !paperKeys.isEmpty()
                        && (createdAt == null || !createdAt.before(retained))) {
                    unfinished.put(key, paperKeys);
                }
            }
        }

        /**
         * Reads which of the pairs {@link #choose} will look at were offered before: first the first
         * {@code maxPapers} candidates of each digest (all a digest takes when none of them was offered), then the
         * rest of the window of those digests that need more. Pairs choose never reaches are not looked up (the
         * server sorts and looks up every value of the list); a pair offered meanwhile is refused by the unique
         * index at the claim, as always.
         */
        private void readOffered() {
            List<String> first = new ArrayList<>();
            fresh.values().forEach(p -> window(p).subList(0, Math.min(window(p).size(), p.maxPapers()))
                    .forEach(e -> first.add(p.subscriberId() + "|" + e.id())));
            readOffered(first);
            List<String> rest = new ArrayList<>();
            fresh.values().forEach(p -> {
                List<TrendingEntry> window = window(p);
                if (window.size() > p.maxPapers() && walked(p) > p.maxPapers()) {
                    window.subList(p.maxPapers(), window.size())
                            .forEach(e -> rest.add(p.subscriberId() + "|" + e.id()));
                }
            });
            readOffered(rest);
        }

        private void readOffered(List<String> pairs) {
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

        /** How many candidates of its window {@link #choose} goes through before it has {@code maxPapers}. */
        private int walked(DeliveryLedger.Planned p) {
            int chosen = 0;
            int walked = 0;
            Set<String> seen = new HashSet<>();
            for (TrendingEntry entry : window(p)) {
                if (chosen == p.maxPapers()) {
                    break;
                }
                walked++;
                String pair = p.subscriberId() + "|" + entry.id();
                if (seen.add(pair) && !offered.contains(pair)) {
                    chosen++;
                }
            }
            return walked;
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
            DuplicateKeys.refused(e).forEach(index -> lost.add(inserts.get(index).getString("_id")));
            return lost;
        }
    }
}

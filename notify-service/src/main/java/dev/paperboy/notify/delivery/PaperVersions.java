package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.IdentityKey;
import org.bson.Document;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The papers of digests as stored in {@code digest_papers} ({@link DigestPaper}): each version of a paper once,
 * keyed by its id and a hash of its stored form, instead of a copy in every digest that carries it (a run's papers
 * recur in thousands of digests). Each paper is converted and hashed once while it is remembered here.
 */
final class PaperVersions {

    static final String STORED_AT = "storedAt";
    /** Papers remembered (converted, hashed); a run uses about a thousand. Forgotten all at once past this. */
    private static final int REMEMBERED = 20_000;

    private final MongoTemplate mongo;
    private final Duration refreshAfter;
    private final MongoCollection<Document> collection;
    private final Map<TrendingEntry, Version> versions = new ConcurrentHashMap<>();
    /**
     * The same by entry object, looked up first: recording asks once per paper of every digest, and the digests of a
     * run share their papers' entry objects (a record's hashCode goes through every field, lists included).
     */
    private final Map<IdentityKey<TrendingEntry>, Version> byObject = new ConcurrentHashMap<>();

    /**
     * Papers known stored, by key, with a time their {@code storedAt} is not older than. One stored within
     * {@code refreshAfter} needs neither the lookup nor the refresh (retention removes only papers stored more
     * than twice that long ago), so a run looks each paper up once instead of once per chunk of digests.
     */
    private final Map<String, Instant> storedSince = new ConcurrentHashMap<>();

    /** A paper's key and stored form. */
    record Version(String key, Document document) {
    }

    /**
     * @param refreshAfter a stored paper used again has its {@code storedAt} moved to now once it is older than
     *                     this, so that retention (which removes only papers stored longer ago than twice this)
     *                     never removes one that a digest being recorded names
     */
    PaperVersions(MongoTemplate mongo, Duration refreshAfter) {
        this.mongo = mongo;
        this.refreshAfter = refreshAfter;
        this.collection = mongo.getCollection(mongo.getCollectionName(DigestPaper.class));
    }

    Version of(TrendingEntry entry) {
        IdentityKey<TrendingEntry> same = new IdentityKey<>(entry);
        Version version = byObject.get(same);
        if (version == null) {
            version = versions.get(entry);
            if (version == null) {
                if (versions.size() >= REMEMBERED) {
                    versions.clear();
                }
                version = versions.computeIfAbsent(entry, this::version);
            }
            if (byObject.size() >= REMEMBERED) {
                byObject.clear();
            }
            byObject.put(same, version);
        }
        return version;
    }

    private Version version(TrendingEntry entry) {
        Object converted = mongo.getConverter().convertToMongoType(entry, TypeInformation.of(TrendingEntry.class));
        String json = ((Document) converted).toJson();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            String key = entry.id() + "@" + HexFormat.of().formatHex(hash, 0, 12);
            // Spring Data's form (type hint included) in its field order, around the paper converted already
            Document written = new Document();
            mongo.getConverter().write(new DigestPaper(key, null, null), written);
            Document document = new Document("_id", key).append("entry", converted);
            written.forEach(document::putIfAbsent);
            return new Version(key, document);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores those of {@code papers} not stored yet (with {@code storedAt} = now) and refreshes the {@code storedAt}
     * of stored ones older than {@code refreshAfter}: one lookup of those not known stored since then, one
     * unordered insert, rarely one update.
     */
    void store(Collection<Version> papers, Instant now) {
        Instant fresh = now.minus(refreshAfter);
        Map<String, Document> missing = new LinkedHashMap<>();
        papers.forEach(version -> {
            Instant since = storedSince.get(version.key());
            if (since == null || since.isBefore(fresh)) {
                missing.put(version.key(), version.document());
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        Date refreshBefore = Date.from(fresh);
        List<String> stale = new ArrayList<>();
        for (Document stored : collection.find(Filters.in("_id", missing.keySet()))
                .projection(new Document("_id", 1).append(STORED_AT, 1))) {
            String key = stored.getString("_id");
            missing.remove(key);
            Date storedAt = stored.getDate(STORED_AT);
            if (storedAt == null || storedAt.before(refreshBefore)) {
                stale.add(key);
            } else {
                remember(key, storedAt.toInstant());
            }
        }
        if (!stale.isEmpty()) {
            long refreshed = collection.updateMany(Filters.in("_id", stale), new Document("$set",
                    new Document(STORED_AT, Date.from(now)))).getMatchedCount();
            if (refreshed < stale.size()) {
                // retention removed some between the lookup and the refresh: stored again (the others: duplicates)
                papers.stream().filter(version -> stale.contains(version.key()))
                        .forEach(version -> missing.put(version.key(), version.document()));
            } else {
                stale.forEach(key -> remember(key, now));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<Document> inserts = new ArrayList<>(missing.size());
        missing.values().forEach(document -> inserts.add(new Document(document).append(STORED_AT, Date.from(now))));
        Set<String> notInserted = new HashSet<>();
        try {
            collection.insertMany(inserts, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // stored by another writer meanwhile: the same key is the same content
            DuplicateKeys.refused(e).forEach(index -> notInserted.add(inserts.get(index).getString("_id")));
        }
        missing.keySet().stream().filter(key -> !notInserted.contains(key)).forEach(key -> remember(key, now));
    }

    private void remember(String key, Instant storedAt) {
        if (storedSince.size() >= REMEMBERED) {
            storedSince.clear();
        }
        storedSince.merge(key, storedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * The papers of each of {@code statuses} in its order, by digest key; a digest whose papers cannot all be found
     * (only a hand-edited database lacks them: they are written before the ledger document, and retention removes
     * only papers no kept digest names) is left out. Digests recorded before papers were stored apart hold theirs in
     * an {@code entries} field (moved into their ledger document with their status), read as they are.
     */
    Map<String, List<TrendingEntry>> papersOf(List<DigestStatus> statuses) {
        Set<String> keys = new HashSet<>();
        List<String> legacy = new ArrayList<>();
        for (DigestStatus status : statuses) {
            if (status.papers() == null) {
                legacy.add(status.key());
            } else {
                keys.addAll(status.papers());
            }
        }
        Map<String, TrendingEntry> stored = new HashMap<>();
        if (!keys.isEmpty()) {
            for (DigestPaper paper : mongo.find(Query.query(where("_id").in(keys)), DigestPaper.class)) {
                stored.put(paper.key(), paper.entry());
            }
        }
        Map<String, List<TrendingEntry>> papers = new HashMap<>();
        for (DigestStatus status : statuses) {
            if (status.papers() != null && stored.keySet().containsAll(status.papers())) {
                papers.put(status.key(), status.papers().stream().map(stored::get).toList());
            }
        }
        if (!legacy.isEmpty()) {
            for (Document digest : mongo.getCollection(mongo.getCollectionName(DigestStatus.class))
                    .find(Filters.in("_id", legacy))) {
                List<Document> entries = digest.getList("entries", Document.class);
                if (entries != null && !entries.isEmpty()) {
                    papers.put(digest.getString("_id"), entries.stream()
                            .map(entry -> mongo.getConverter().read(TrendingEntry.class, entry)).toList());
                }
            }
        }
        return papers;
    }
}

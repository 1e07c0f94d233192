package dev.paperboy.catalog.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code papers} collection: idempotent, order-independent batch upserts without transactions. A batch takes
 * the current state of its papers from what this instance last wrote ({@link WriteCache}) or else reads the
 * documents in one {@code $in} query, decides in Java ({@link PaperMerge}), and writes with one unordered bulk:
 * inserts for new papers, {@code $set}s of the changed fields conditional on {@code _rev} for known ones
 * (optimistic concurrency; a remembered state also on {@code storedAt}). A lost race (duplicate key on insert, or
 * an update that matched nothing, e.g. from a state another instance made stale) re-runs the batch for the ids
 * concerned: re-read, re-merge, re-write.
 */
@Component
public class PaperStore {

    private static final Logger log = LoggerFactory.getLogger(PaperStore.class);
    private static final int MAX_ATTEMPTS = 10;
    /** The default of {@code paperboy.catalog.apply.write-cache-size}. */
    public static final DataSize DEFAULT_WRITE_CACHE = DataSize.ofMegabytes(64);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final WriteCache cache;
    /** Whether this store has made sure of the indexes its conditional writes need (see {@link #apply}). */
    private volatile boolean indexesEnsured;

    public PaperStore(MongoTemplate mongo, Optional<Clock> clock) {
        this(mongo, clock, DEFAULT_WRITE_CACHE);
    }

    /**
     * @param writeCacheSize heap for what this instance last wrote of each paper (~0.6 KB a paper, more with a
     *                       long upvote history), which spares the read before an update; zero turns it off
     */
    @Autowired
    public PaperStore(MongoTemplate mongo, Optional<Clock> clock,
                      @Value("${paperboy.catalog.apply.write-cache-size:64MB}") DataSize writeCacheSize) {
        this.mongo = mongo;
        this.clock = clock.orElse(Clock.systemUTC());
        this.cache = new WriteCache(writeCacheSize.toBytes());
    }

    /** Hits and misses of the write cache, its entries and their estimated heap bytes. */
    public record WriteCacheStats(long hits, long misses, int entries, long bytes) {
    }

    public WriteCacheStats writeCacheStats() {
        return new WriteCacheStats(cache.hits(), cache.misses(), cache.size(), cache.bytes());
    }

    /** What a batch did. */
    public record ApplyResult(int events, int written, int unchanged, int retries) {
    }

    public MongoCollection<Document> collection() {
        return mongo.getCollection(PaperFields.COLLECTION);
    }

    /** The stored document of a paper (canonical id). */
    public Optional<Document> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq(PaperFields.ID, id)).first());
    }

    /**
     * Applies events (valid ones, canonical ids) in order. Throws when MongoDB fails, so that the caller retries
     * the whole batch later: re-applying is a no-op.
     */
    public ApplyResult apply(List<PaperEvent> events) {
        return apply(events, Map.of());
    }

    /**
     * As {@link #apply(List)}, keeping on each paper the trace context ({@code traceparents}, by event id) of the
     * event that last changed it.
     */
    public ApplyResult apply(List<PaperEvent> events, Map<String, String> traceparents) {
        if (!indexesEnsured) {
            // CatalogIndexes creates the indexes at startup, but not when MongoDB was unreachable then (or the
            // database was replaced since): make sure before the first write; a failure here fails the batch,
            // which is retried like any MongoDB failure.
            CatalogIndexes.create(collection());
            indexesEnsured = true;
        }
        Map<String, List<PaperEvent>> byId = new LinkedHashMap<>();
        for (PaperEvent event : events) {
            byId.computeIfAbsent(event.id(), k -> new ArrayList<>()).add(PaperFields.truncateInstants(event));
        }
        int written = 0;
        int retries = 0;
        Map<String, List<PaperEvent>> pending = byId;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new OptimisticLockingFailureException(
                        "papers " + pending.keySet() + " kept changing under concurrent writers");
            }
            Attempt result = attempt(pending, traceparents, attempt == 1);
            written += result.written;
            if (!result.conflicts.isEmpty()) {
                retries++;
                log.debug("Write conflict on {}; retrying", result.conflicts);
            }
            Map<String, List<PaperEvent>> next = new LinkedHashMap<>();
            for (String id : result.conflicts) {
                next.put(id, pending.get(id));
            }
            pending = next;
        }
        return new ApplyResult(events.size(), written, byId.size() - written, retries);
    }

    private record Attempt(int written, List<String> conflicts) {
    }

    /** The current documents of some papers, by id (one query). */
    Map<String, Document> read(Collection<String> ids) {
        Map<String, Document> current = new HashMap<>();
        // whole documents, not just what the merge decides on: the write then sets only what changes (see below).
        // Leaving the large fields out (and comparing them by digest) sends far fewer bytes, but cost the embedded
        // server more than it saved (apply benchmark 0.59 of raw against 0.75): its projection deep-copies each
        // document first.
        // one batch (MongoDB caps it at 16 MiB): every document is wanted, and the default first batch of 101 then
        // getMores cost the embedded server a sizing pass over each later document (cold pass 0.47 -> 0.53, 30k)
        for (Document doc : collection().find(Filters.in(PaperFields.ID, ids)).batchSize(Math.max(1, ids.size()))) {
            current.put(doc.get(PaperFields.ID).toString(), doc);
        }
        return current;
    }

    private Attempt attempt(Map<String, List<PaperEvent>> byId, Map<String, String> traceparents, boolean useCache) {
        MongoCollection<Document> papers = collection();
        // what this instance wrote last needs no read; a retry reads everything it writes, so that a stale entry
        // cannot lose the same race twice
        Map<String, WrittenPaper> known = useCache ? cache.get(byId.keySet()) : Map.of();
        List<String> unknown = new ArrayList<>(byId.size() - known.size());
        for (String id : byId.keySet()) {
            if (!known.containsKey(id)) {
                unknown.add(id);
            }
        }
        Map<String, Document> current = unknown.isEmpty() ? Map.of() : read(unknown);
        Instant now = clock.instant();
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<String> writeIds = new ArrayList<>();
        List<WrittenPaper> written = new ArrayList<>();
        int conditionalUpdates = 0;
        for (Map.Entry<String, List<PaperEvent>> entry : byId.entrySet()) {
            String id = entry.getKey();
            WrittenPaper cached = known.get(id);
            Document existing = current.get(id);
            StoredPaper stored = cached != null ? cached : StoredPaper.of(existing);
            PaperMerge.Write write = PaperMerge.merge(stored, entry.getValue(), now, traceparents);
            if (write == null) {
                if (cached == null && existing != null && cache.enabled()) {
                    cache.put(id, WrittenPaper.of(existing)); // e.g. a redelivery: the next events need no read
                }
                continue;
            }
            if (write.insert() != null) {
                writes.add(new InsertOneModel<>(write.insert()));
                written.add(cache.enabled() ? WrittenPaper.of(write.insert()) : null);
            } else {
                // only the fields whose value changes: usually a handful (upvotes, observation time, history,
                // bookkeeping) of a large document. The embedded server applies a $set field by field and checks
                // every pair of its paths, so a $set of everything the newer event knows costs about half again
                // as much, and sends the whole paper over the wire. An update that matches nothing lost a race
                // to a concurrent writer (or the cached state was stale).
                Document changed;
                if (cached != null) {
                    changed = new Document();
                    written.add(cached.after(write.set(), changed));
                } else {
                    changed = changedFields(existing, write.set());
                    written.add(cache.enabled() ? WrittenPaper.of(applied(existing, changed)) : null);
                }
                writes.add(new UpdateOneModel<>(stored.guard(id), new Document("$set", changed)));
                conditionalUpdates++;
            }
            writeIds.add(id);
        }
        if (writes.isEmpty()) {
            return new Attempt(0, List.of());
        }
        List<String> conflicts = new ArrayList<>();
        BulkWriteResult result;
        try {
            result = papers.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    cache.remove(writeIds);
                    throw e;
                }
                conflicts.add(writeIds.get(error.getIndex()));
            }
            result = e.getWriteResult();
        } catch (RuntimeException e) {
            cache.remove(writeIds); // some writes may be stored: their entries would only lose races
            throw e;
        }
        int matched = result.getMatchedCount();
        if (matched < conditionalUpdates) {
            // some conditional update lost a race; which one is not reported per operation, so re-run all
            // updates of this bulk: for the ones that did succeed the re-run finds nothing left to change
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i) instanceof UpdateOneModel<Document> && !conflicts.contains(writeIds.get(i))) {
                    conflicts.add(writeIds.get(i));
                }
            }
        }
        cache.remove(conflicts);
        for (int i = 0; i < writes.size(); i++) {
            if (!conflicts.contains(writeIds.get(i))) {
                cache.put(writeIds.get(i), written.get(i));
            }
        }
        return new Attempt(writes.size() - conflicts.size(), conflicts);
    }

    private static Document applied(Document stored, Document set) {
        Document after = new Document(stored);
        after.putAll(set);
        return after;
    }

    /** The entries of {@code set} whose value differs from the stored one (the revision always does). */
    static Document changedFields(Document stored, Document set) {
        Document changed = new Document();
        set.forEach((field, value) -> {
            if (!value.equals(stored.get(field))) {
                changed.put(field, value);
            }
        });
        return changed;
    }
}

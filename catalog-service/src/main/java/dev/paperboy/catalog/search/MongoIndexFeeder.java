package dev.paperboy.catalog.search;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import dev.paperboy.catalog.store.PaperFields;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.BsonDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds the {@link SearchIndex} from the store of record: a change stream on {@code papers} (full documents looked
 * up on update) whose resume token goes into the Lucene commit user data. With no token (empty index) or a token
 * the server no longer accepts, it rebuilds the index from a full scan of the collection; the change stream is
 * opened before the scan so nothing written during the scan is lost (re-applying a change is idempotent). A token
 * is committed only for a complete index: a rebuild stopped halfway (shutdown, crash) leaves none, so the next
 * start rebuilds again.
 * <p>
 * Freshness: after each batch of changes the index's background refresh is asked to make it visible at once, not
 * at its next interval, while the feeder goes on polling; commits (an fsync each, seconds on a busy disk) run on
 * their own thread every {@code commitInterval}, so they never hold up applying changes.
 */
public final class MongoIndexFeeder {

    static final String RESUME_TOKEN = "mongo.resumeToken";
    static final String BUILT_AT = "builtAt";
    /** The {@link IndexFields#SCHEMA_VERSION} the committed documents were indexed with. */
    static final String SCHEMA = "schema";
    /** Server codes that mean the resume token is useless: InvalidResumeToken, ChangeStreamFatalError, history lost. */
    private static final Set<Integer> TOKEN_GONE = Set.of(260, 280, 286);

    private static final Logger log = LoggerFactory.getLogger(MongoIndexFeeder.class);

    private final MongoCollection<Document> papers;
    private final SearchIndex index;
    private final Duration commitInterval;
    private final Duration pollWait;
    private final AtomicLong rebuilds = new AtomicLong();
    /** Whether every indexed document was written with this version's schema (only then is the schema committed). */
    private volatile boolean currentSchema;
    private final AtomicLong applied = new AtomicLong();
    private final FeederMetrics metrics;

    private volatile boolean running;
    private volatile boolean ready;
    private volatile String lastError;
    private volatile Thread thread;
    private final IndexCommitter committer;
    /** Written by the feeder thread only, read by the committer: the token of the last change applied. */
    private volatile BsonDocument token;
    private boolean rebuiltNow;
    private volatile String builtAt;

    public MongoIndexFeeder(MongoCollection<Document> papers, SearchIndex index, Duration commitInterval,
                            Duration pollWait) {
        this(papers, index, commitInterval, pollWait, new SimpleMeterRegistry());
    }

    public MongoIndexFeeder(MongoCollection<Document> papers, SearchIndex index, Duration commitInterval,
                            Duration pollWait, MeterRegistry registry) {
        this.metrics = new FeederMetrics(registry);
        this.papers = papers;
        this.index = index;
        this.commitInterval = commitInterval;
        this.pollWait = pollWait;
        this.committer = new IndexCommitter(index, metrics, this::commitData);
        index.addRefreshListener(metrics); // times refreshes, and when applied papers became searchable
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread worker = new Thread(this::run, "search-index-feeder");
        worker.setDaemon(true);
        thread = worker;
        committer.start(commitInterval);
        worker.start();
    }

    /** Stops following the change stream and commits what was applied with the last resume token. */
    public synchronized void stop() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            // no interrupt: it would close the index's NIO channels; the worker polls at most pollWait
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.isAlive()) {
                // harmless: closing the index waits for its apply or refresh, and later ones fail (index closed)
                log.warn("search index feeder still busy 10 s after stop; the index closes after its current step");
            }
        }
        thread = null;
        committer.stop();
    }

    /** True once the initial build or catch-up is done. */
    public boolean ready() {
        return ready;
    }

    public long rebuilds() {
        return rebuilds.get();
    }

    public long appliedChanges() {
        return applied.get();
    }

    public String lastError() {
        return lastError;
    }

    private void run() {
        String stored = index.commitData().get(RESUME_TOKEN);
        boolean sameSchema = IndexFields.SCHEMA_VERSION.equals(index.commitData().get(SCHEMA));
        if (stored != null && !sameSchema) {
            log.warn("search index was built with schema {}, this version indexes {}: rebuilding the search index",
                    index.commitData().get(SCHEMA), IndexFields.SCHEMA_VERSION);
        }
        token = stored == null || !sameSchema ? null : BsonDocument.parse(stored);
        currentSchema = sameSchema;
        builtAt = index.commitData().get(BUILT_AT);
        while (running) {
            try {
                MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed = token == null ? null : resume();
                rebuiltNow = resumed == null;
                MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = resumed != null ? resumed : rebuild();
                if (cursor == null) {
                    continue; // stopped in the middle of a rebuild
                }
                try (cursor) {
                    follow(cursor);
                }
            } catch (MongoCommandException e) {
                if (TOKEN_GONE.contains(e.getErrorCode())) {
                    log.warn("change stream cannot resume ({}): rebuilding the search index", e.getErrorMessage());
                    token = null;
                } else {
                    failed(e);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        committer.commitNow();
    }

    private void failed(RuntimeException e) {
        if (!running) {
            return;
        }
        lastError = e.toString();
        log.warn("search index feeder failed, retrying in 1 s", e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    }

    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> resume() {
        try {
            return watch().resumeAfter(token).cursor();
        } catch (MongoCommandException e) {
            log.warn("change stream cannot resume ({}): rebuilding the search index", e.getErrorMessage());
            token = null;
            return null;
        }
    }

    private ChangeStreamIterable<Document> watch() {
        return watch(papers, pollWait);
    }

    /** The change stream the feeder follows on {@code collection} (also what the start-up warm-up warms). */
    static ChangeStreamIterable<Document> watch(MongoCollection<Document> collection, Duration pollWait) {
        // large batches: the embedded Mongo-wire server reads its whole oplog for every getMore
        return collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP).batchSize(1000)
                .maxAwaitTime(pollWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Rebuilds the index from a full scan; null when stopped before the end. The change stream is opened and its
     * token taken before the scan, so changes written during it are replayed after it (re-applying is idempotent).
     * No resume token is committed until the scan is complete: an index that holds one is a complete index.
     */
    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> rebuild() {
        long started = System.nanoTime();
        token = null;
        committer.commitNow(); // drops the previous token first: a crash in the middle of the scan leaves an index to rebuild
        MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = watch().cursor();
        BsonDocument before = cursor.getResumeToken();
        String generation = (rebuilds.get() + 1) + "-" + System.nanoTime();
        RebuildScan.Result scanned;
        try {
            scanned = new RebuildScan(papers, index).run(generation, () -> running);
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
        if (!scanned.complete()) {
            cursor.close();
            log.info("search index rebuild stopped after {} papers: it starts over on the next start",
                    scanned.indexed());
            return null;
        }
        currentSchema = true; // every document is now one this version wrote
        rebuilds.incrementAndGet();
        token = before;
        builtAt = Instant.now().toString();
        committer.commitNow();
        index.refresh();
        log.info("search index rebuilt from MongoDB: {} papers in {} ms", scanned.indexed(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return cursor;
    }

    private void follow(MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor) {
        while (running) {
            long polled = System.nanoTime();
            ChangeStreamDocument<Document> change = cursor.tryNext();
            metrics.polled(System.nanoTime() - polled, change != null);
            if (change == null) {
                BsonDocument latest = cursor.getResumeToken();
                if (latest != null && !latest.equals(token)) {
                    token = latest;
                    committer.changed();
                }
                if (!ready) {
                    if (!rebuiltNow && !sameSize()) {
                        token = null; // an index of another store (or one that lost changes): start over
                        return;
                    }
                    committer.commitNow();
                    index.refresh();
                    ready = true;
                    log.info("search index is up to date with MongoDB ({} documents)", index.docCount());
                }
                long took = System.nanoTime() - polled;
                if (took < TimeUnit.MILLISECONDS.toNanos(20)) {
                    // the server answered at once instead of awaiting data: do not spin
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                } else if (took > pollWait.toNanos() * 3 / 2) {
                    // an empty poll that took longer than the await asked for was work, not waiting (the embedded
                    // server reads its oplog under the lock its writes need): leave writers as long, but at most
                    // 1 s (it was 5 s: every change written meanwhile waited that long to be searchable)
                    LockSupport.parkNanos(Math.min(took, TimeUnit.SECONDS.toNanos(1)));
                }
            } else {
                long applying = System.nanoTime();
                boolean over = ChangeApplier.apply(index, change);
                metrics.applied(System.nanoTime() - applying);
                if (over) {
                    log.warn("papers collection {}: rebuilding the search index", change.getOperationType());
                    token = null;
                    return; // invalidated: start over
                }
                applied.incrementAndGet();
                if (change.getFullDocument() != null) {
                    metrics.indexed(change.getFullDocument().get(PaperFields.STORED_AT));
                }
                token = change.getResumeToken();
                committer.changed();
                if (cursor.available() == 0) {
                    index.refreshSoon(); // the batch is in: make it searchable now, and poll again at once
                }
            }
        }
    }

    /** Whether the index holds about as many papers as the store (within 1 %), checked once after resuming. */
    private boolean sameSize() {
        long stored = papers.estimatedDocumentCount();
        long indexed = index.docCount();
        if (Math.abs(stored - indexed) > stored / 100) {
            log.warn("search index has {} papers, MongoDB {}: rebuilding the search index", indexed, stored);
            return false;
        }
        return true;
    }

    /** The commit data as it is now: the token of the last applied change, the schema if current, the build time. */
    private Map<String, String> commitData() {
        BsonDocument committed = token;
        Map<String, String> data = new HashMap<>();
        if (committed != null) {
            data.put(RESUME_TOKEN, committed.toJson());
        }
        if (currentSchema) {
            data.put(SCHEMA, IndexFields.SCHEMA_VERSION);
        }
        if (builtAt != null) {
            data.put(BUILT_AT, builtAt);
        }
        return data;
    }
}

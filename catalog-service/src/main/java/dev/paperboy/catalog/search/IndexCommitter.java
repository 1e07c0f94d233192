package dev.paperboy.catalog.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Commits the search index with the feeder's commit data (resume token, schema, build time), on its own thread
 * every interval when something changed, or at once when the feeder asks. A commit is an fsync, seconds on a busy
 * disk, so it must not hold up applying changes. The commit data is read under the same lock as the commit, and
 * before it starts: the commit holds every change applied up to the token it records (perhaps a few after it,
 * which re-applying makes harmless).
 */
final class IndexCommitter {

    private static final Logger log = LoggerFactory.getLogger(IndexCommitter.class);

    private final SearchIndex index;
    private final FeederMetrics metrics;
    private final Supplier<Map<String, String>> commitData;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Object commitLock = new Object();
    private ScheduledExecutorService thread;

    IndexCommitter(SearchIndex index, FeederMetrics metrics, Supplier<Map<String, String>> commitData) {
        this.index = index;
        this.metrics = metrics;
        this.commitData = commitData;
    }

    synchronized void start(Duration interval) {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-index-committer");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        thread.scheduleWithFixedDelay(this::commitIfDirty, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic commits; a commit in progress finishes (no interrupt: it would close NIO channels). */
    synchronized void stop() {
        ScheduledExecutorService commits = thread;
        thread = null;
        if (commits != null) {
            commits.shutdown();
            try {
                commits.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Something was applied (or the token moved): the next periodic commit writes it. */
    void changed() {
        dirty.set(true);
    }

    private void commitIfDirty() {
        if (dirty.getAndSet(false)) {
            commitNow();
        }
    }

    /** Commits everything applied so far with the commit data as it is now. */
    void commitNow() {
        synchronized (commitLock) {
            Map<String, String> data = commitData.get();
            long started = System.nanoTime();
            try {
                index.commit(data);
                metrics.committed(System.nanoTime() - started);
            } catch (RuntimeException e) {
                log.warn("committing the search index failed", e);
            }
        }
    }
}

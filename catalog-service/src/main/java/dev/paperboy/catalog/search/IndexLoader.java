package dev.paperboy.catalog.search;

import org.apache.lucene.document.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Bulk loading for a (re)build: the caller reads sources in one thread (a MongoDB cursor), worker threads turn them
 * into Lucene documents and upsert them. {@link org.apache.lucene.index.IndexWriter} indexes concurrently (one
 * in-memory segment per thread), so a build uses every core instead of one. At most {@code 2 × threads} batches are
 * queued, so memory stays bounded whatever the size of the catalog.
 *
 * @param <T> what the caller reads (a store document, a synthetic paper)
 */
public final class IndexLoader<T> implements AutoCloseable {

    private static final int BATCH = 256;
    private static final AtomicInteger LOADERS = new AtomicInteger();

    private final SearchIndex index;
    private final Function<T, Document> toDocument;
    private final ExecutorService workers;
    private final Semaphore queued;
    private final int maxQueued;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicInteger loaded = new AtomicInteger();
    private List<T> batch = new ArrayList<>(BATCH);

    /**
     * @param toDocument the document to upsert for a source, null to skip it (no usable id); called concurrently
     * @param threads    worker threads, at least 1
     */
    public IndexLoader(SearchIndex index, Function<T, Document> toDocument, int threads) {
        this.index = index;
        this.toDocument = toDocument;
        int n = Math.max(1, threads);
        String name = "search-index-loader-" + LOADERS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, name + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxQueued = 2 * n;
        this.queued = new Semaphore(maxQueued);
    }

    /** Threads a build should use on this machine. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /** Queues {@code source}; blocks while the workers are behind. Rethrows a worker's failure. */
    public void add(T source) {
        rethrow();
        batch.add(source);
        if (batch.size() >= BATCH) {
            submit();
        }
    }

    /** Waits until everything added is in the index writer (not yet committed); returns how many were upserted. */
    public int finish() {
        submit();
        queued.acquireUninterruptibly(maxQueued);
        queued.release(maxQueued);
        rethrow();
        return loaded.get();
    }

    private void submit() {
        if (batch.isEmpty()) {
            return;
        }
        List<T> work = batch;
        batch = new ArrayList<>(BATCH);
        queued.acquireUninterruptibly();
        try {
            workers.execute(() -> {
                try {
                    for (T source : work) {
                        if (failure.get() != null) {
                            return;
                        }
                        Document doc = toDocument.apply(source);
                        if (doc != null) {
                            index.upsert(doc);
                            loaded.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    queued.release();
                }
            });
        } catch (RuntimeException e) {
            queued.release();
            throw e;
        }
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /**
     * Stops the workers after what was queued (call {@link #finish()} first to know it all went in). Never
     * interrupts them: an interrupt inside the index writer would close the index's NIO channels.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

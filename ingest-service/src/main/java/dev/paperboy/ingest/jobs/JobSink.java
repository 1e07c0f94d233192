package dev.paperboy.ingest.jobs;

import dev.paperboy.contracts.IngestReject;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.publish.KafkaUnavailableException;
import dev.paperboy.ingest.publish.PaperPublisher;
import dev.paperboy.ingest.publish.PublishOutcome;
import dev.paperboy.ingest.publish.Published;
import dev.paperboy.ingest.publish.SentBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Collects a job's papers into batches for the publisher (the bulk path: many sends, one wait) and counts
 * outcomes on the job only once Kafka acknowledged them and their state is stored. Batches are pipelined: while
 * up to {@code maxInFlightBatches} batches wait for Kafka and MongoDB on a completion thread (in send order), the job's
 * thread reads and sends the next one. {@link #flush()} returns only when everything sent so far is complete.
 * Logs progress every few seconds.
 */
public final class JobSink {

    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    // platform threads for the reason JobService's jobs run on them: not queued behind request handlers
    private static final Executor COMPLETION_THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("job-completion-", 0).daemon().factory());

    private final Job job;
    private final JobService jobs;
    private final PaperPublisher publisher;
    private final Source source;
    private final int batchSize;
    private final Semaphore inFlight;
    private final List<PaperEvent> papers = new ArrayList<>();
    private final List<CompletableFuture<?>> rejects = new ArrayList<>();
    // completions run one after another on this chain, so outcomes are counted and states stored in send order
    private CompletableFuture<Void> completions = CompletableFuture.completedFuture(null);
    private volatile RuntimeException failure;
    private long lastLog = System.nanoTime();

    public JobSink(Job job, JobService jobs, PaperPublisher publisher, Source source,
                   IngestProperties.Publish settings) {
        this.job = job;
        this.jobs = jobs;
        this.publisher = publisher;
        this.source = source;
        this.batchSize = settings.batchSize();
        this.inFlight = new Semaphore(Math.max(1, settings.maxInFlightBatches()));
    }

    /** Publishes now and answers the outcomes (incremental connectors need them to know where to stop). */
    public List<Published> publishNow(List<PaperEvent> batch) {
        flush();
        List<Published> results = publisher.publish(batch);
        count(results);
        return results;
    }

    public void accept(PaperEvent paper) {
        papers.add(paper);
        if (papers.size() >= batchSize) {
            sendBatch();
        }
    }

    public void reject(String location, String rawPayload, List<IngestReject.Reason> reasons) {
        if (!rejects.isEmpty() && rejects.getLast().isCompletedExceptionally()) {
            awaitRejects(); // the producer refused the last one (Kafka unreachable): fail now, not 5 s per line
        }
        rejects.add(publisher.reject(source, location, rawPayload, reasons));
        if (rejects.size() >= batchSize) {
            awaitRejects();
        }
    }

    /** Sends what is collected and waits until every batch sent so far is acknowledged, stored and counted. */
    public void flush() {
        try {
            if (!papers.isEmpty()) {
                sendBatch();
            }
            awaitRejects();
        } finally {
            completions.join();
        }
        throwIfFailed();
    }

    private void sendBatch() {
        if (failure != null) {
            completions.join(); // the job ends with final counts: let what is in flight finish first
            throwIfFailed();
        }
        List<PaperEvent> batch = List.copyOf(papers);
        papers.clear();
        SentBatch sent;
        try {
            inFlight.acquire();
            sent = publisher.send(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            completions.join();
            throw new IllegalStateException("interrupted while waiting for earlier batches", e);
        } catch (RuntimeException e) {
            inFlight.release();
            completions.join();
            throw e;
        }
        // handle, not thenRun: even if an earlier completion died of an Error, later ones run and release a slot
        completions = completions.handleAsync((ignored, error) -> {
            complete(sent);
            return null;
        }, COMPLETION_THREADS);
    }

    private void complete(SentBatch sent) {
        try {
            count(publisher.complete(sent));
        } catch (KafkaUnavailableException e) {
            count(e.acknowledged()); // on the topic and stored: a re-run finds them unchanged
            if (failure == null) {
                failure = e;
            }
        } catch (RuntimeException e) {
            // later batches still complete (their sends are out), but the job stops reading and fails
            if (failure == null) {
                failure = e;
            }
        } finally {
            inFlight.release();
        }
    }

    private void throwIfFailed() {
        RuntimeException first = failure;
        if (first != null) {
            throw first;
        }
    }

    private void awaitRejects() {
        if (!rejects.isEmpty()) {
            publisher.await(rejects);
            job.addRejected(rejects.size());
            rejects.clear();
        }
    }

    private void count(List<Published> results) {
        long published = results.stream().filter(r -> r.outcome() == PublishOutcome.PUBLISHED).count();
        job.addAccepted(published);
        job.addUnchanged(results.size() - published);
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastLog > LOG_EVERY_NANOS) {
                lastLog = now;
                jobs.logProgress(job);
            }
        }
    }
}

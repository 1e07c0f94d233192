package dev.paperboy.ingest.jobs;

import dev.paperboy.contracts.IngestReject;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.publish.PaperPublisher;
import dev.paperboy.ingest.publish.PublishOutcome;
import dev.paperboy.ingest.publish.Published;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a job's papers into batches for the publisher (the bulk path: many sends, one wait) and counts
 * outcomes on the job only once Kafka acknowledged them. Logs progress every few seconds.
 */
public final class JobSink {

    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final Job job;
    private final JobService jobs;
    private final PaperPublisher publisher;
    private final Source source;
    private final int batchSize;
    private final List<PaperEvent> papers = new ArrayList<>();
    private final List<CompletableFuture<?>> rejects = new ArrayList<>();
    private long lastLog = System.nanoTime();

    public JobSink(Job job, JobService jobs, PaperPublisher publisher, Source source, int batchSize) {
        this.job = job;
        this.jobs = jobs;
        this.publisher = publisher;
        this.source = source;
        this.batchSize = batchSize;
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
            flush();
        }
    }

    public void reject(String location, String rawPayload, List<IngestReject.Reason> reasons) {
        rejects.add(publisher.reject(source, location, rawPayload, reasons));
        if (rejects.size() >= batchSize) {
            flush();
        }
    }

    public void flush() {
        if (!papers.isEmpty()) {
            List<Published> results = publisher.publish(List.copyOf(papers));
            papers.clear();
            count(results);
        }
        if (!rejects.isEmpty()) {
            publisher.await(rejects);
            job.addRejected(rejects.size());
            rejects.clear();
        }
        long now = System.nanoTime();
        if (now - lastLog > LOG_EVERY_NANOS) {
            lastLog = now;
            jobs.logProgress(job);
        }
    }

    private void count(List<Published> results) {
        long published = results.stream().filter(r -> r.outcome() == PublishOutcome.PUBLISHED).count();
        job.addAccepted(published);
        job.addUnchanged(results.size() - published);
    }
}

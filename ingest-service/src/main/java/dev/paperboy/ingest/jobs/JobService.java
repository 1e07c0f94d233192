package dev.paperboy.ingest.jobs;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs imports and backfills in the background and keeps their status. Jobs live in memory: after a restart a
 * job is simply run again, which is cheap because unchanged papers are recognised and not re-published.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    // jobs mostly wait on I/O (files, HTTP, Kafka acknowledgements): virtual threads cost nothing while waiting
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;

    public JobService(Clock clock) {
        this.clock = clock;
    }

    public JobView start(Job.Type type, String description, Consumer<Job> work) {
        Job job = new Job(UUID.randomUUID().toString(), type, description, clock.instant());
        jobs.put(job.id(), job);
        executor.submit(() -> run(job, work));
        return job.view(clock.instant());
    }

    /** A job that is counted and logged but not listed: the scheduled polls. */
    public Job detached(Job.Type type, String description) {
        return new Job(UUID.randomUUID().toString(), type, description, clock.instant());
    }

    private void run(Job job, Consumer<Job> work) {
        log.info("job {} started: {}", job.id(), job.description());
        try {
            work.accept(job);
            job.finish(job.cancelRequested() ? Job.Status.CANCELLED : Job.Status.COMPLETED, clock.instant());
        } catch (RuntimeException e) {
            log.warn("job {} failed", job.id(), e);
            job.error(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            job.finish(job.cancelRequested() ? Job.Status.CANCELLED : Job.Status.FAILED, clock.instant());
        }
        JobView end = job.view(clock.instant());
        log.info("job {} {}: accepted {}, unchanged {}, rejected {}, {} records/s", job.id(), end.status(),
                end.accepted(), end.unchanged(), end.rejected(), end.ratePerSecond());
    }

    public JobView get(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        return job.view(clock.instant());
    }

    /** Asks a running job to stop after its current record; a finished job stays as it ended. */
    public JobView cancel(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        job.requestCancel();
        return job.view(clock.instant());
    }

    /** Logs progress (count, rate, ETA) of a running job; called by the job's sink every few seconds. */
    public void logProgress(Job job) {
        JobView view = job.view(clock.instant());
        log.info("job {}: processed {} (accepted {}, unchanged {}, rejected {}), {} records/s, ETA {} s",
                view.id(), view.processed(), view.accepted(), view.unchanged(), view.rejected(),
                view.ratePerSecond(), view.etaSeconds() == null ? "?" : view.etaSeconds());
    }

    @PreDestroy
    void stop() {
        jobs.values().forEach(Job::requestCancel);
        executor.shutdown();
    }
}

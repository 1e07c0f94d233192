package dev.paperboy.ingest.jobs;

import dev.paperboy.ingest.IngestProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs imports and backfills in the background and keeps their status in MongoDB ({@link JobStore}), so that any
 * instance answers for any job, also after a restart. The owning instance writes a job's status when it starts and
 * ends, and from a heartbeat thread at most every {@code paperboy.ingest.jobs.flush-interval} while it runs (not
 * per paper); the same write reads back a cancel requested through another instance. Jobs whose owner stopped
 * heartbeating end as INTERRUPTED: running them again is safe, unchanged papers are recognised and skipped.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    // instance ids silent this long are forgotten at startup (far beyond any stale period)
    private static final Duration FORGET_INSTANCES_AFTER = Duration.ofDays(1);

    // jobs of this instance whose final status is not stored yet; reads of them come from memory (fresher)
    private final Map<String, Job> local = new ConcurrentHashMap<>();
    // Platform threads, not virtual: request handlers are virtual threads on as many carriers as cores, and under
    // a load of status polls every blocking step of a job (MongoDB, Kafka, each hand-off) queued behind them for
    // hundreds of ms; the OS scheduler gives a job's thread its share at once. Few jobs run at a time.
    private final ExecutorService executor = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("job-", 0).daemon().factory());
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-heartbeat").daemon().factory());
    private final JobStore store;
    private final InstanceRegistry registry;
    // this process, as the holder of its instance id in the registry
    private final String process = UUID.randomUUID().toString();
    private final Clock clock;
    private final IngestProperties.Jobs settings;
    private final String instanceId;
    private final Instant startedAt;
    private volatile Instant lastSweep;
    private volatile boolean claimed;
    // another process held this id recently when this one started: its RUNNING jobs are not ours to end
    private volatile boolean predecessorMayRun;
    private volatile boolean sharedId;

    JobService(JobStore store, InstanceRegistry registry, Clock clock, IngestProperties properties,
               @Value("${server.port:8081}") String serverPort) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.settings = properties.jobs();
        // unique per process by default: two instances that shared a name would end each other's jobs at startup
        this.instanceId = settings.instanceId() == null || settings.instanceId().isBlank()
                ? hostName() + ":" + serverPort + ":" + process.substring(0, 8) : settings.instanceId();
        this.startedAt = now();
    }

    /**
     * Starts the heartbeat, whose first beat ends what this instance left running when it last stopped, and
     * stale jobs of others. Off the startup thread: a MongoDB that is not reachable yet does not hold up startup.
     */
    @PostConstruct
    void open() {
        long period = settings.flushInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    public String instanceId() {
        return instanceId;
    }

    /** Whether another live process has been seen using this instance's id (a configuration error). */
    public boolean sharesIdWithAnotherProcess() {
        return sharedId;
    }

    /**
     * Starts a job once its first status is stored (so that every instance can answer for it).
     *
     * @param source     where its papers come from (upload, path, huggingface, arxiv)
     * @param parameters what it was started with (format, file, from, to), as shown in its status
     */
    public JobView start(Job.Type type, String description, String source, Map<String, String> parameters,
                         Consumer<Job> work) {
        Job job = new Job(UUID.randomUUID().toString(), type, description, source, parameters, now());
        local.put(job.id(), job);
        try {
            flush(job);
        } catch (RuntimeException e) {
            local.remove(job.id());
            throw e;
        }
        executor.submit(() -> run(job, work));
        return job.view(clock.instant(), instanceId);
    }

    /** A job that is counted and logged but not listed nor stored: the scheduled polls. */
    public Job detached(Job.Type type, String description) {
        return new Job(UUID.randomUUID().toString(), type, description, null, Map.of(), clock.instant());
    }

    private void run(Job job, Consumer<Job> work) {
        log.info("job {} started: {}", job.id(), job.description());
        try {
            work.accept(job);
            job.finish(job.endState(false), now());
        } catch (RuntimeException e) {
            log.warn("job {} failed", job.id(), e);
            job.error(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            job.finish(job.endState(true), now());
        }
        JobView end = job.view(clock.instant(), instanceId);
        log.info("job {} {}: accepted {}, unchanged {}, rejected {}, {} records/s", job.id(), end.status(),
                end.accepted(), end.unchanged(), end.rejected(), end.ratePerSecond());
        flushQuietly(job);
    }

    public JobView get(String id) {
        Job job = local.get(id);
        if (job != null) {
            return job.view(clock.instant(), instanceId);
        }
        return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * Asks a running job to stop after its current record, whichever instance runs it (the owner reads the flag
     * with its next heartbeat); a finished job stays as it ended.
     */
    public JobView cancel(String id) {
        Job job = local.get(id);
        if (job != null) {
            job.requestCancel();
            try {
                store.requestCancel(id);
            } catch (RuntimeException e) {
                log.warn("job {}: cancel flag not stored (the job stops anyway): {}", id, e.toString());
            }
            return job.view(clock.instant(), instanceId);
        }
        store.requestCancel(id);
        return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** Logs progress (count, rate, ETA) of a running job; called by the job's sink every few seconds. */
    public void logProgress(Job job) {
        JobView view = job.view(clock.instant(), instanceId);
        log.info("job {}: processed {} (accepted {}, unchanged {}, rejected {}), {} records/s, ETA {} s",
                view.id(), view.processed(), view.accepted(), view.unchanged(), view.rejected(),
                view.ratePerSecond(), view.etaSeconds() == null ? "?" : view.etaSeconds());
    }

    /**
     * Stores the job's status as it is now and picks up a cancel requested elsewhere. Writes of one job are
     * serialised and each stores the status read under the lock, so a late heartbeat never overwrites a newer
     * status with an older one. Once an ended job's status is stored it leaves {@link #local}.
     */
    private void flush(Job job) {
        synchronized (job) {
            if (!local.containsKey(job.id())) {
                return; // its final status is stored already
            }
            JobView view = job.view(clock.instant(), instanceId);
            if (store.save(view) && !job.cancelRequested()) {
                log.info("job {}: cancel requested through another instance", job.id());
                job.requestCancel();
            }
            if (!"RUNNING".equals(view.status())) {
                local.remove(job.id());
            }
        }
    }

    private void flushQuietly(Job job) {
        try {
            flush(job);
        } catch (RuntimeException e) {
            log.warn("job {}: status not stored, retried by the heartbeat: {}", job.id(), e.toString());
        }
    }

    private void beat() {
        local.values().forEach(this::flushQuietly);
        Instant now = clock.instant();
        try {
            claim(now);
        } catch (RuntimeException e) {
            log.warn("could not record this instance as alive (retried): {}", e.toString());
            return; // no sweep before the first claim: it must know whether another process uses this id
        }
        boolean due = lastSweep == null
                || Duration.between(lastSweep, now).compareTo(settings.staleAfter().dividedBy(2)) >= 0;
        if (due) {
            try {
                sweep(now);
            } catch (RuntimeException e) {
                log.warn("could not look for interrupted jobs (retried): {}", e.toString());
            }
        }
    }

    /**
     * Claims this instance's id for this process. A first claim that replaces a recent claim of another process
     * may follow a crash or be a second process with the same id: either way that process's jobs are left to the
     * stale sweep. A later claim that replaces another process's claim is a second live process with this id.
     */
    private void claim(Instant now) {
        InstanceRegistry.Holder before = registry.claim(instanceId, process, now);
        boolean foreign = before != null && !process.equals(before.process());
        if (!claimed) {
            predecessorMayRun = foreign && before.seenAt().isAfter(now.minus(settings.staleAfter()));
            claimed = true;
            if (predecessorMayRun) {
                log.warn("instance id {} was held by another process until {}: its RUNNING jobs end as INTERRUPTED "
                        + "only once stale ({}), in case that process still runs", instanceId, before.seenAt(),
                        settings.staleAfter());
            }
        } else if (foreign && !sharedId) {
            sharedId = true;
            log.error("instance id {} is used by another running process too: give each ingest instance its own "
                    + "PAPERBOY_INGEST_INSTANCE_ID (or leave it blank: the default is unique per process)",
                    instanceId);
        }
    }

    /**
     * Ends as INTERRUPTED the jobs whose owner stopped heartbeating and, until one sweep succeeded, the jobs this
     * instance left RUNNING before it started (a crash, a kill: its own jobs of this run have newer heartbeats),
     * unless another process held this id until recently.
     */
    private void sweep(Instant now) {
        if (lastSweep == null) {
            store.createIndexes();
            registry.forgetSilentSince(now.minus(FORGET_INSTANCES_AFTER));
        }
        String ownLeftovers = lastSweep == null && !predecessorMayRun ? instanceId : null;
        List<String> interrupted = store.interruptOrphans(ownLeftovers, startedAt, now.minus(settings.staleAfter()),
                now, List.copyOf(local.keySet()));
        lastSweep = now;
        if (!interrupted.isEmpty()) {
            log.warn("jobs {} were RUNNING on an instance that stopped: marked INTERRUPTED (run them again)",
                    interrupted);
        }
    }

    /**
     * Stops this instance's jobs: they end INTERRUPTED (nobody cancelled them; they should be run again) once
     * what they sent is stored, or are marked so here if they take longer than the grace period.
     */
    @PreDestroy
    void close() {
        local.values().forEach(job -> job.interrupt("interrupted: instance " + instanceId + " shut down before "
                + "the job ended; run it again: unchanged papers are recognised and skipped"));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("jobs {} still running at shutdown", local.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.shutdownNow();
        for (Job job : local.values()) {
            if (job.status() == Job.Status.RUNNING) {
                job.finish(Job.Status.INTERRUPTED, now());
            }
            flushQuietly(job);
        }
    }

    /** Times as precise as MongoDB stores them, so a status read from memory and from the store agree. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ingest-" + UUID.randomUUID();
        }
    }
}

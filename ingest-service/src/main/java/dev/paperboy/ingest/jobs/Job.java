package dev.paperboy.ingest.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running or finished import or backfill. Counters are atomics because the job's thread writes them while
 * status requests read them. Progress is measured in the job's own unit (bytes of a file, days of a backfill)
 * so that the ETA is meaningful before the number of records is known.
 */
public final class Job {

    public enum Type { IMPORT, BACKFILL, POLL }

    /** INTERRUPTED: the owning instance stopped (shut down or died) before the job ended. */
    public enum Status { RUNNING, COMPLETED, FAILED, CANCELLED, INTERRUPTED }

    static final int MAX_ERRORS = 100;

    private final String id;
    private final Type type;
    private final String description;
    private final String source;
    private final Map<String, String> parameters;
    private final Instant startedAt;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unitsDone = new AtomicLong();
    private final AtomicLong unitsTotal = new AtomicLong(-1);
    private final List<String> errors = new ArrayList<>();
    private volatile Status status = Status.RUNNING;
    private volatile Instant finishedAt;
    private volatile boolean cancelRequested;
    private volatile String interruptedBecause;

    Job(String id, Type type, String description, String source, Map<String, String> parameters,
        Instant startedAt) {
        this.id = id;
        this.type = type;
        this.description = description;
        this.source = source;
        this.parameters = Map.copyOf(parameters);
        this.startedAt = startedAt;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** Stops the job like a cancel, but it ends INTERRUPTED: nobody asked for it, so it should be run again. */
    void interrupt(String reason) {
        interruptedBecause = reason;
        cancelRequested = true;
    }

    /** How a job whose work returned ({@code failed} false) or threw ends. */
    Status endState(boolean failed) {
        if (interruptedBecause != null) {
            return Status.INTERRUPTED;
        }
        return cancelRequested ? Status.CANCELLED : failed ? Status.FAILED : Status.COMPLETED;
    }

    public void addAccepted(long n) {
        accepted.addAndGet(n);
    }

    public void addUnchanged(long n) {
        unchanged.addAndGet(n);
    }

    public void addRejected(long n) {
        rejected.addAndGet(n);
    }

    public long processed() {
        return accepted.get() + unchanged.get() + rejected.get();
    }

    public void progress(long done, long total) {
        unitsDone.set(done);
        unitsTotal.set(total);
    }

    public void error(String message) {
        synchronized (errors) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(message);
            }
        }
    }

    Status status() {
        return status;
    }

    void finish(Status end, Instant at) {
        if (end == Status.INTERRUPTED) {
            synchronized (errors) { // the reason is kept even when the list is full: it says what to do
                if (errors.size() >= MAX_ERRORS) {
                    errors.removeLast();
                }
                errors.add(interruptedBecause);
            }
        }
        finishedAt = at;
        status = end;
    }

    double ratePerSecond(Instant now) {
        double seconds = Duration.between(startedAt, finishedAt != null ? finishedAt : now).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : processed() / seconds;
    }

    /** Remaining units at the speed so far; null when unknown (no total yet, or nothing done yet). */
    Long etaSeconds(Instant now) {
        if (status != Status.RUNNING) {
            return 0L;
        }
        long done = unitsDone.get();
        long total = unitsTotal.get();
        double seconds = Duration.between(startedAt, now).toMillis() / 1000.0;
        if (total < 0 || done <= 0 || seconds <= 0) {
            return null;
        }
        return Math.round(Math.max(0, total - done) / (done / seconds));
    }

    /** The status as this (owning) instance sees it at {@code now}: its heartbeat is {@code now}. */
    JobView view(Instant now, String owner) {
        List<String> errorsCopy;
        synchronized (errors) {
            errorsCopy = List.copyOf(errors);
        }
        return new JobView(id, type.name().toLowerCase(Locale.ROOT), description, status.name(), accepted.get(),
                unchanged.get(), rejected.get(), processed(), Math.round(ratePerSecond(now) * 10) / 10.0,
                etaSeconds(now), errorsCopy, startedAt, finishedAt, source, parameters, owner, cancelRequested,
                now);
    }
}

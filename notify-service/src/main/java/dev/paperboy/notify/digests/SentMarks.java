package dev.paperboy.notify.digests;

import dev.paperboy.notify.delivery.DeliveryLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Marks digests SENT for a whole sending run in few updates: the keys of digests the SMTP server accepted are
 * gathered from every batch and written in one update once {@link #MAX_KEYS} are waiting or the first of them has
 * waited {@link #MAX_DELAY}, and at {@link #close}. Each update statement costs the database about as much as the
 * documents it changes, so one per SMTP batch of 20 cost a good share of a run.
 * <p>
 * A digest accepted but not yet marked is PENDING: a crash then sends it again after its lease (same Message-ID,
 * same papers). A failed update is tried again at the next flush; the keys of one still failing at {@link #close}
 * stay PENDING the same way.
 */
final class SentMarks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentMarks.class);
    /** Keys per update (the embedded server compares each document it updates with every key of the list). */
    static final int MAX_KEYS = 200;
    /** The longest a key waits for its update while the run goes on. */
    static final Duration MAX_DELAY = Duration.ofMillis(250);

    private final DeliveryLedger ledger;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition waiting = lock.newCondition();
    /** Keys accepted by SMTP and not yet written; guarded by {@link #lock}. */
    private List<String> pending = new ArrayList<>();
    private boolean closed;
    /** Writes the keys that waited {@link #MAX_DELAY}, so a quiet run still marks what it sent. */
    private final Thread timer;

    SentMarks(DeliveryLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.timer = Thread.ofVirtual().name("sent-marks").start(this::flushWhenDue);
    }

    /** Adds the keys of digests the SMTP server accepted; writes them at once if {@link #MAX_KEYS} are waiting. */
    void add(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> full = null;
        lock.lock();
        try {
            boolean first = pending.isEmpty();
            pending.addAll(keys);
            if (pending.size() >= MAX_KEYS) {
                full = take();
            } else if (first) {
                waiting.signal();
            }
        } finally {
            lock.unlock();
        }
        if (full != null) {
            write(full);
        }
    }

    private void flushWhenDue() {
        while (true) {
            List<String> due;
            lock.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    waiting.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                // the first key arrived just now: wait for more, or for close
                long nanos = MAX_DELAY.toNanos();
                while (!closed && !pending.isEmpty() && nanos > 0) {
                    try {
                        nanos = waiting.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                due = take();
            } finally {
                lock.unlock();
            }
            write(due);
        }
    }

    private List<String> take() {
        List<String> taken = pending;
        pending = new ArrayList<>();
        return taken;
    }

    /** Writes {@code keys}; on failure they wait for the next flush. */
    private void write(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            ledger.markSent(keys, clock.instant());
        } catch (RuntimeException e) {
            log.warn("cannot mark {} digests SENT yet: {}", keys.size(), e.toString());
            lock.lock();
            try {
                pending.addAll(keys);
                waiting.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Writes what is waiting (once more if that fails: what still fails stays PENDING, sent again after its lease). */
    @Override
    public void close() {
        List<String> rest;
        lock.lock();
        try {
            closed = true;
            waiting.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            timer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            rest = take();
        } finally {
            lock.unlock();
        }
        for (int from = 0; from < rest.size(); from += MAX_KEYS) {
            List<String> part = rest.subList(from, Math.min(rest.size(), from + MAX_KEYS));
            try {
                ledger.markSent(part, clock.instant());
            } catch (RuntimeException e) {
                try {
                    ledger.markSent(part, clock.instant());
                } catch (RuntimeException again) {
                    log.error("{} digests accepted by SMTP stay PENDING (sent again after their lease): {}",
                            part.size(), again.toString());
                }
            }
        }
    }
}

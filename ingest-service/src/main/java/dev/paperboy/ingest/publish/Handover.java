package dev.paperboy.ingest.publish;

import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Hands one batch's records to the producer. The producer refuses a record before taking it when it has no
 * metadata for the topic or no buffer space within {@code max.block.ms} (the broker is away, or slow and the
 * buffer full; a broker it cannot reach makes it drop its metadata and bootstrap again). Such a record was never
 * in the producer, so a patient caller (a job) hands it over again, until {@code patience} has passed since the
 * batch began: sending it again cannot duplicate it. Once a send has failed for good, the rest of the batch fails
 * with it at once rather than blocking as long again for each record.
 */
final class Handover {

    private static final Logger log = LoggerFactory.getLogger(Handover.class);
    private static final long PAUSE_MILLIS = 200;

    private final Duration patience;
    private final long deadlineNanos;
    private boolean warned;
    private CompletableFuture<?> failed;

    /** @param patience how long records the producer refused are handed over again (zero: never) */
    Handover(Duration patience) {
        this.patience = patience;
        this.deadlineNanos = System.nanoTime() + patience.toNanos();
    }

    CompletableFuture<?> send(Supplier<CompletableFuture<?>> send) {
        if (failed != null) {
            return failed;
        }
        while (true) {
            CompletableFuture<?> ack = send.get();
            if (!ack.isCompletedExceptionally()) {
                return ack;
            }
            if (!refusedBeforeTaking(ack) || System.nanoTime() - deadlineNanos >= 0 || !pause()) {
                failed = ack;
                return ack;
            }
        }
    }

    private boolean pause() {
        if (!warned) {
            warned = true;
            log.warn("the Kafka producer did not take a record within max.block.ms (broker away or slow); handing"
                    + " it over again for up to {} s", patience.toSeconds());
        }
        try {
            Thread.sleep(PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether a send that failed as it was made failed for want of metadata or buffer space in time. */
    static boolean refusedBeforeTaking(CompletableFuture<?> ack) {
        try {
            ack.getNow(null);
            return false;
        } catch (CompletionException | CancellationException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }
}

package dev.paperboy.ingest.publish;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaProducerException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sends are handed over again: only those the producer refused before taking the record. */
class HandoverTest {

    /** A send as the template answers it when the producer refused it: failed as it returns. */
    private static CompletableFuture<?> refused(RuntimeException cause) {
        return CompletableFuture.failedFuture(new KafkaProducerException(null, "Failed to send", cause));
    }

    private static Supplier<CompletableFuture<?>> failingTimes(int failures, RuntimeException cause,
                                                              AtomicInteger calls) {
        return () -> calls.incrementAndGet() <= failures ? refused(cause) : CompletableFuture.completedFuture(null);
    }

    @Test
    void aJobHandsARecordWithoutMetadataOverAgainUntilTheProducerTakesIt() {
        AtomicInteger calls = new AtomicInteger();
        Handover handover = new Handover(Duration.ofMinutes(1));
        CompletableFuture<?> ack = handover.send(failingTimes(2, new TimeoutException(
                "Topic papers.v1 not present in metadata after 5000 ms."), calls));
        assertThat(ack).isNotCompletedExceptionally();
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRestCallerIsNotKeptWaiting() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<?> ack = new Handover(Duration.ZERO).send(failingTimes(1, new TimeoutException("x"), calls));
        assertThat(ack).isCompletedExceptionally();
        assertThat(calls).hasValue(1);
    }

    @Test
    void otherFailuresAreNotRetriedAndTheRestOfTheBatchFailsWithoutBlocking() {
        AtomicInteger calls = new AtomicInteger();
        Handover handover = new Handover(Duration.ofMinutes(1));
        CompletableFuture<?> first = handover.send(failingTimes(1, new RecordTooLargeException("too large"), calls));
        CompletableFuture<?> second = handover.send(() -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPendingSendIsTakenAndOnlyATimeoutCountsAsRefused() {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        assertThat(new Handover(Duration.ofMinutes(1)).send(() -> pending)).isSameAs(pending);
        assertThat(Handover.refusedBeforeTaking(refused(new TimeoutException("x")))).isTrue();
        assertThat(Handover.refusedBeforeTaking(refused(new IllegalStateException("closed")))).isFalse();
    }
}

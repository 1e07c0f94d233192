package dev.paperboy.ingest.arxiv;

import dev.paperboy.ingest.RecordingSleeper;
import dev.paperboy.ingest.publish.IngestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The 3-second rule and the single connection, driven by a controllable clock instead of real sleeps. */
class ArxivRateLimiterTest {

    private final RecordingSleeper clock = new RecordingSleeper(Instant.parse("2026-01-01T00:00:00Z"));
    private final ArxivRateLimiter limiter = new ArxivRateLimiter(clock, clock, Duration.ofSeconds(3),
            new IngestMetrics(new SimpleMeterRegistry(), clock));

    @Test
    void requestsStartAtLeastThreeSecondsAfterThePreviousOneEnded() {
        java.util.List<Instant> starts = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            limiter.call(() -> starts.add(clock.instant()));
        }
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(Duration.between(starts.get(0), starts.get(1))).isEqualTo(Duration.ofSeconds(3));

        // time that passed on its own counts; a slow response moves the next slot with it
        clock.advance(Duration.ofSeconds(2));
        limiter.call(() -> {
            clock.advance(Duration.ofSeconds(10));
            return null;
        });
        assertThat(clock.sleeps()).last().isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(5));
        limiter.call(() -> null);
        assertThat(clock.sleeps()).hasSize(3);
    }

    @Test
    void onlyOneRequestIsInFlightAcrossThreads() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofPlatform().start(() -> limiter.call(() -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            firstInside.countDown();
            await().until(() -> release.getCount() == 0);
            inFlight.decrementAndGet();
            return null;
        }));
        firstInside.await();
        Thread second = Thread.ofPlatform().start(() -> limiter.call(() -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            inFlight.decrementAndGet();
            return null;
        }));
        // the second caller queues on the limiter while the first request is open
        await().until(() -> second.getState() == Thread.State.WAITING);
        assertThat(maxInFlight.get()).isEqualTo(1);
        release.countDown();
        first.join();
        second.join();
        assertThat(maxInFlight.get()).isEqualTo(1);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
    }
}

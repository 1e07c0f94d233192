package dev.paperboy.catalog.trending;

import dev.paperboy.catalog.CatalogTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Two catalog instances contend for the trending lock on the same MongoDB: one runs, the other skips. */
@CatalogTest
class SinglePublisherTest {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    TrendingService service;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-02-01T00:00:00Z"));

    @BeforeEach
    @org.junit.jupiter.api.AfterEach
    void noLocks() {
        // these instances' clock is in 2030: leave no lock behind that the service's real clock would respect
        mongo.getCollection(MongoLockProvider.COLLECTION).deleteMany(new Document());
    }

    @Test
    void whileOneInstanceRunsTheOtherSkips() throws Exception {
        TrendingJob first = instance("catalog-1", Duration.ofMinutes(10), Duration.ZERO);
        TrendingJob second = instance("catalog-2", Duration.ofMinutes(10), Duration.ZERO);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch secondTried = new CountDownLatch(1);

        CompletableFuture<Optional<String>> firstRun = CompletableFuture.supplyAsync(() -> first.runIfLeader(() -> {
            runs.incrementAndGet();
            running.countDown();
            await(secondTried);
            return "first";
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        Optional<String> secondRun = second.runIfLeader(() -> {
            runs.incrementAndGet();
            return "second";
        });
        secondTried.countDown();

        assertThat(secondRun).isEmpty();
        assertThat(firstRun.get(10, TimeUnit.SECONDS)).contains("first");
        assertThat(runs).hasValue(1);
        // released: the other instance gets the next turn
        assertThat(second.runIfLeader(() -> "second")).contains("second");
    }

    @Test
    void concurrentScheduledRunsPublishOnce() throws Exception {
        TrendingJob first = instance("catalog-1", Duration.ofMinutes(10), Duration.ofMinutes(4));
        TrendingJob second = instance("catalog-2", Duration.ofMinutes(10), Duration.ofMinutes(4));
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Optional<List<TrendingService.WindowResult>>> a = CompletableFuture.supplyAsync(() -> {
            await(start);
            return first.runIfLeader();
        });
        CompletableFuture<Optional<List<TrendingService.WindowResult>>> b = CompletableFuture.supplyAsync(() -> {
            await(start);
            return second.runIfLeader();
        });
        start.countDown();
        // lock-at-least-for keeps the loser out even when the winner finished first
        assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)))
                .filteredOn(Optional::isPresent).hasSize(1);
    }

    @Test
    void aCrashedHolderBlocksOnlyUntilLockAtMostFor() {
        TrendingJob first = instance("catalog-1", Duration.ofMinutes(10), Duration.ZERO);
        TrendingJob second = instance("catalog-2", Duration.ofMinutes(10), Duration.ZERO);
        // the holder hangs (or crashed) inside the task: its lock document stays; the other instance, on its
        // own thread, is refused until lock-at-most-for has passed
        first.runIfLeader(() -> {
            assertThat(onOtherThread(() -> second.runIfLeader(() -> "second"))).isEmpty();
            clock.advance(Duration.ofMinutes(9));
            assertThat(onOtherThread(() -> second.runIfLeader(() -> "second"))).isEmpty();
            clock.advance(Duration.ofMinutes(2)); // past lock-at-most-for
            assertThat(onOtherThread(() -> second.runIfLeader(() -> "taken over"))).contains("taken over");
            return null;
        });
    }

    private TrendingJob instance(String name, Duration atMost, Duration atLeast) {
        MongoLockProvider locks = new MongoLockProvider(mongo.getCollection(MongoLockProvider.COLLECTION), name,
                clock);
        return new TrendingJob(service, locks, new TrendingProperties(true, Duration.ofMinutes(5), 50, atMost,
                atLeast), clock);
    }

    private static <T> T onOtherThread(java.util.function.Supplier<T> task) {
        return CompletableFuture.supplyAsync(task).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

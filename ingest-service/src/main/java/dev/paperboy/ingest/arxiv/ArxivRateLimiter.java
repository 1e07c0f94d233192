package dev.paperboy.ingest.arxiv;

import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.Sleeper;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.publish.IngestMetrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * arXiv's terms for the whole service: one connection at a time and at least {@code min-interval} (3 s) between
 * requests. A fair lock is held for the whole request (so a second caller waits its turn, in arrival order), and
 * the next request may start only {@code min-interval} after the previous one ended, which also satisfies "one
 * request every 3 seconds" when a response is slow. Time comes from a {@link Clock} and waiting from a
 * {@link Sleeper}, so tests drive it without sleeping.
 */
final class ArxivRateLimiter {

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration interval;
    private final IngestMetrics metrics;
    private Instant nextAllowed = Instant.MIN;

    ArxivRateLimiter(Clock clock, Sleeper sleeper, Duration interval, IngestMetrics metrics) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.metrics = metrics;
    }

    <T> T call(Supplier<T> request) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted while waiting for the arXiv rate limit");
        }
        try {
            Instant now = clock.instant();
            if (now.isBefore(nextAllowed)) {
                metrics.rateLimitWait(Source.ARXIV);
                sleeper.sleep(Duration.between(now, nextAllowed));
            }
            return request.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted while waiting for the arXiv rate limit");
        } finally {
            nextAllowed = clock.instant().plus(interval);
            lock.unlock();
        }
    }
}

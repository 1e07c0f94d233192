package dev.paperboy.catalog.trending;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the trending computation and publication under the cluster-wide lock {@value #LOCK_NAME}, so that exactly
 * one catalog instance publishes at a time however many run the schedule.
 */
public class TrendingJob {

    public static final String LOCK_NAME = "trending-publisher";

    private final TrendingService service;
    private final LockingTaskExecutor executor;
    private final TrendingProperties properties;
    private final Clock clock;

    public TrendingJob(TrendingService service, LockProvider lockProvider, TrendingProperties properties, Clock clock) {
        this.service = service;
        this.executor = new DefaultLockingTaskExecutor(lockProvider);
        this.properties = properties;
        this.clock = clock;
    }

    /** One run if this instance gets the lock now; empty when another instance holds it. */
    public Optional<List<TrendingService.WindowResult>> runIfLeader() {
        return runIfLeader(() -> service.run(clock.instant()));
    }

    /** Runs {@code task} under the trending lock if it is free now (the task sees "now" when it starts). */
    public <T> Optional<T> runIfLeader(java.util.function.Supplier<T> task) {
        Instant now = clock.instant();
        LockConfiguration config = new LockConfiguration(now, LOCK_NAME, properties.lockAtMostFor(),
                properties.lockAtLeastFor());
        try {
            LockingTaskExecutor.TaskResult<T> result = executor.executeWithLock(task::get, config);
            return result.wasExecuted() ? Optional.ofNullable(result.getResult()) : Optional.empty();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs now, waiting up to {@code patience} for another instance's run to finish. */
    public Optional<List<TrendingService.WindowResult>> runNow(Duration patience) {
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            Optional<List<TrendingService.WindowResult>> result = runIfLeader();
            if (result.isPresent() || clock.instant().isAfter(deadline)) {
                return result;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}

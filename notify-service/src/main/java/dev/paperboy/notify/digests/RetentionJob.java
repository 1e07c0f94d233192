package dev.paperboy.notify.digests;

import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DigestRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Prunes digests past their retention ({@link DigestRetention}) on a schedule, under the scheduled run's lock: one
 * instance at a time, and never while a daily run records digests.
 */
@Component
class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final DigestRetention retention;
    private final SchedulerLock lock;
    private final NotifyProperties properties;
    private final Clock clock;
    private final String owner = "notify-retention-" + UUID.randomUUID();

    RetentionJob(DigestRetention retention, SchedulerLock lock, NotifyProperties properties, Clock clock) {
        this.retention = retention;
        this.lock = lock;
        this.properties = properties;
        this.clock = clock;
    }

    /** Returns what was removed, or null when another instance (or the daily run) held the lock. */
    @Scheduled(fixedDelayString = "${paperboy.notify.retention-interval:PT6H}",
            initialDelayString = "${paperboy.notify.retention-interval:PT6H}")
    DigestRetention.Pruned prune() {
        Instant now = clock.instant();
        if (!lock.tryAcquire(DigestPlanner.LOCK, owner, now, Duration.ofMinutes(30))) {
            return null;
        }
        try {
            DigestRetention.Pruned pruned = retention.prune(now.minus(properties.digestRetention()));
            log.info("retention: removed the status of {} digests and {} stored papers older than {}", pruned.digests(),
                    pruned.papers(), properties.digestRetention());
            return pruned;
        } catch (RuntimeException e) {
            log.error("digest retention failed", e);
            return null;
        } finally {
            lock.release(DigestPlanner.LOCK, owner);
        }
    }
}

package dev.paperboy.catalog.trending;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code paperboy.catalog.trending.*}: whether this instance schedules the job ({@code enabled}), how often
 * ({@code interval}), how many papers a snapshot ranks ({@code top}), and the lock bounds shared by all instances
 * ({@code lock-at-most-for}: how long a crashed holder blocks the others; {@code lock-at-least-for}: how long a
 * run keeps the others out even when it finished sooner).
 */
@ConfigurationProperties("paperboy.catalog.trending")
public record TrendingProperties(
        Boolean enabled,
        Duration interval,
        Integer top,
        Duration lockAtMostFor,
        Duration lockAtLeastFor) {

    public TrendingProperties {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        top = top == null || top < 1 ? 50 : top;
        lockAtMostFor = lockAtMostFor == null ? Duration.ofMinutes(10) : lockAtMostFor;
        lockAtLeastFor = lockAtLeastFor == null ? Duration.ZERO : lockAtLeastFor;
    }
}

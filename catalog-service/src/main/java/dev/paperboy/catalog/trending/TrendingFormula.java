package dev.paperboy.catalog.trending;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The published trending formula (Hacker News style gravity), used for trending snapshots and for
 * {@code sort=trending} listings alike:
 * <pre>
 *   score = upvotesGained / (ageHours + 2) ^ GRAVITY
 * </pre>
 * {@code upvotesGained} is the upvotes a paper gained inside the window (for snapshots, from its upvote history;
 * for listings, its current upvote count), {@code ageHours} the hours since the start (00:00 UTC) of its Daily
 * Papers day, or since its arXiv publication when it has no Daily Papers day. The {@code + 2} keeps brand-new papers
 * from dividing by zero and damps the first hours.
 */
public final class TrendingFormula {

    public static final double GRAVITY = 1.8;
    public static final double AGE_OFFSET_HOURS = 2.0;

    private TrendingFormula() {
    }

    public static double score(long upvotesGained, double ageHours) {
        if (upvotesGained <= 0) {
            return 0.0;
        }
        return upvotesGained / Math.pow(Math.max(0.0, ageHours) + AGE_OFFSET_HOURS, GRAVITY);
    }

    /** The score of a paper at {@code now}, its age taken from its Daily Papers day or else its publication. */
    public static double score(long upvotesGained, LocalDate dailyDate, Instant publishedAt, Instant now) {
        return score(upvotesGained, ageHours(dailyDate, publishedAt, now));
    }

    public static double ageHours(LocalDate dailyDate, Instant publishedAt, Instant now) {
        Instant born = dailyDate != null ? dailyDate.atStartOfDay(ZoneOffset.UTC).toInstant() : publishedAt;
        if (born == null) {
            return 0.0;
        }
        return Duration.between(born, now).toMillis() / 3_600_000.0;
    }
}

package dev.paperboy.notify.digests;

import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Preferences;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * When daily and weekly digests are due: at the subscriber's local send hour, every day (daily, weekends included)
 * or every Monday (weekly), in the subscriber's time zone. A send hour that does not exist on a DST change day is
 * moved forward by the gap (java.time's rule); an hour that exists twice is the first one.
 */
public final class DueTimes {

    private DueTimes() {
    }

    /** The first due time strictly after {@code after}, or null for instant subscriptions. */
    public static Instant next(Preferences preferences, Instant after) {
        if (preferences.frequency() == Frequency.INSTANT) {
            return null;
        }
        ZoneId zone = ZoneId.of(preferences.timeZone());
        LocalDate day = after.atZone(zone).toLocalDate();
        if (preferences.frequency() == Frequency.WEEKLY) {
            day = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }
        int step = preferences.frequency() == Frequency.WEEKLY ? 7 : 1;
        ZonedDateTime candidate = day.atTime(preferences.sendHour(), 0).atZone(zone);
        while (!candidate.toInstant().isAfter(after)) {
            day = day.plusDays(step);
            candidate = day.atTime(preferences.sendHour(), 0).atZone(zone);
        }
        return candidate.toInstant();
    }

    /** The period a due time belongs to, part of the digest key: {@code 2026-11-27} or {@code 2026-W48}. */
    public static String periodKey(Preferences preferences, Instant due) {
        LocalDate day = due.atZone(ZoneId.of(preferences.timeZone())).toLocalDate();
        if (preferences.frequency() == Frequency.WEEKLY) {
            return "%d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
        return day.toString();
    }
}

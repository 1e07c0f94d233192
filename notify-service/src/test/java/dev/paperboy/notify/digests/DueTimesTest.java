package dev.paperboy.notify.digests;

import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Preferences;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DueTimesTest {

    private static Preferences prefs(Frequency frequency, String zone, int hour) {
        return new Preferences(List.of(), List.of(), List.of(), 0, frequency, zone, hour, 10);
    }

    @Test
    void dailyIsTheNextLocalSendHour() {
        Preferences berlin8 = prefs(Frequency.DAILY, "Europe/Berlin", 8);
        // 06:00 UTC = 07:00 in Berlin (winter): today 08:00 Berlin = 07:00 UTC
        assertThat(DueTimes.next(berlin8, Instant.parse("2026-11-26T06:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-26T07:00:00Z"));
        assertThat(DueTimes.next(berlin8, Instant.parse("2026-11-26T07:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T07:00:00Z"));
        // summer time: 08:00 Berlin = 06:00 UTC
        assertThat(DueTimes.next(berlin8, Instant.parse("2026-07-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-02T06:00:00Z"));
        assertThat(DueTimes.periodKey(berlin8, Instant.parse("2026-11-26T23:30:00Z"))).isEqualTo("2026-11-27");
    }

    @Test
    void dstGapMovesTheHourForward() {
        Preferences berlin2 = prefs(Frequency.DAILY, "Europe/Berlin", 2);
        // 2026-03-29 02:00 does not exist in Berlin: 03:00 CEST = 01:00 UTC
        assertThat(DueTimes.next(berlin2, Instant.parse("2026-03-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void weeklyIsMondayAtTheSendHour() {
        Preferences tokyo9 = prefs(Frequency.WEEKLY, "Asia/Tokyo", 9);
        // Thursday 2026-11-26 → Monday 2026-11-30 09:00 JST = 00:00 UTC
        assertThat(DueTimes.next(tokyo9, Instant.parse("2026-11-26T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(DueTimes.periodKey(tokyo9, Instant.parse("2026-11-30T00:00:00Z"))).isEqualTo("2026-W49");
        assertThat(DueTimes.next(prefs(Frequency.INSTANT, "UTC", 8), Instant.now())).isNull();
    }
}

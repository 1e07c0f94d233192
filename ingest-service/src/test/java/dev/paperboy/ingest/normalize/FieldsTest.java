package dev.paperboy.ingest.normalize;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldsTest {

    /** LocalDate.parse's answer, or null when it refuses the text. */
    private static LocalDate parsed(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void plainDatesAreReadAsLocalDateParseReadsThem() {
        for (String text : List.of("2025-08-15", "2024-02-29", "0000-01-01", "9999-12-31", "2025-02-29",
                "2025-02-30", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "2025-1-015",
                "2025/01/15", "20250-1-15", "+025-01-15", "2025-01-1x", "２０２５-01-15")) {
            assertThat(Fields.plainDate(text)).as(text).isEqualTo(parsed(text));
        }
        for (LocalDate day = LocalDate.parse("1990-01-01"); day.getYear() < 2031; day = day.plusDays(1)) {
            assertThat(Fields.plainDate(day.toString())).isEqualTo(day);
        }
    }
}

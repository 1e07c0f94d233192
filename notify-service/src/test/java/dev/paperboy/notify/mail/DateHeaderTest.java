package dev.paperboy.notify.mail;

import jakarta.mail.internet.MailDateFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DateHeaderTest {

    @Test
    void theHeaderReadsBackAsTheSecondItWasFormattedIn() throws Exception {
        for (Instant at : new Instant[] {Instant.parse("2026-11-27T14:05:09.750Z"),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-28T23:59:59.999Z")}) {
            String header = DateHeader.format(at);
            assertThat(new MailDateFormat().parse(header).toInstant()).as(header)
                    .isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        assertThat(DateHeader.format(Instant.parse("2026-11-27T14:05:09Z")))
                .isEqualTo("Fri, 27 Nov 2026 14:05:09 +0000");
    }
}

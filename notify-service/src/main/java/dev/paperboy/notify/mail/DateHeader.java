package dev.paperboy.notify.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The value of a message's {@code Date} header (RFC 5322, UTC), formatted once per second and shared by the mails
 * sent in it: {@code MimeMessage.setSentDate} formats through one synchronized {@code MailDateFormat} for every mail.
 */
final class DateHeader {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Formatted(long second, String text) {
    }

    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private DateHeader() {
    }

    static String now() {
        return format(Instant.now());
    }

    static String format(Instant at) {
        Formatted cached = last;
        if (cached.second() != at.getEpochSecond()) {
            cached = new Formatted(at.getEpochSecond(), FORMAT.format(at));
            last = cached;
        }
        return cached.text();
    }
}

package dev.paperboy.ingest.huggingface;

import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a server asks us to wait: {@code Retry-After} (seconds), the IETF {@code RateLimit} header that
 * Hugging Face sends ({@code "api";r=0;t=55}: r = remaining calls, t = seconds until the window resets) and the
 * older {@code RateLimit-Remaining}/{@code RateLimit-Reset} pair.
 */
final class RateLimitHeaders {

    private static final Pattern REMAINING = Pattern.compile("(?:^|;)\\s*r=(\\d+)");
    private static final Pattern RESET = Pattern.compile("(?:^|;)\\s*t=(\\d+)");

    private RateLimitHeaders() {
    }

    /** The wait a 429 asks for, if the headers say. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null && retryAfter.strip().matches("\\d+")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.strip())));
        }
        return reset(headers);
    }

    /** The wait before the next call when a successful answer says the window is used up (remaining 0). */
    static Optional<Duration> exhausted(HttpHeaders headers) {
        String combined = headers.getFirst("RateLimit");
        Integer remaining = combined != null ? number(REMAINING, combined)
                : number(Pattern.compile("(\\d+)"), headers.getFirst("RateLimit-Remaining"));
        if (remaining == null || remaining > 0) {
            return Optional.empty();
        }
        return reset(headers);
    }

    private static Optional<Duration> reset(HttpHeaders headers) {
        String combined = headers.getFirst("RateLimit");
        Integer seconds = combined != null ? number(RESET, combined)
                : number(Pattern.compile("(\\d+)"), headers.getFirst("RateLimit-Reset"));
        return Optional.ofNullable(seconds).map(Duration::ofSeconds);
    }

    private static Integer number(Pattern pattern, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}

package dev.paperboy.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the notify service ({@code paperboy.notify.*}).
 *
 * @param publicUrl            base URL of the links in emails
 * @param from                 the From header of every email
 * @param tokenSecret          HMAC-SHA256 key of the signed links (at least 32 characters)
 * @param confirmTokenTtl      how long a confirmation link works
 * @param manageTokenTtl       how long preference, pause/resume and unsubscribe links work
 * @param confirmationsPerWindow confirmation emails to one address per {@code confirmationWindow}
 * @param mailConcurrency      SMTP sends in flight at once
 * @param mailAttempts         attempts per email for temporary failures (backoff {@code mailBackoff}, doubling)
 * @param maxPermanentFailures consecutive permanent (5xx) failures after which a subscription is deactivated
 * @param digestLease          how long a sender owns a digest before another instance may resend it
 * @param recoveryInterval     how often PENDING digests (failed or interrupted sends) are looked for
 * @param retryAfter           first wait before a digest that failed temporarily is tried again (grows linearly)
 * @param scheduleInterval     how often due daily/weekly digests are looked for
 * @param digestRetention      how long sent, failed and cancelled digests (and papers no kept digest names) are
 *                             kept; the delivery ledger is kept for ever
 * @param retentionInterval    how often digests past their retention are removed
 */
@ConfigurationProperties("paperboy.notify")
public record NotifyProperties(
        @DefaultValue("http://localhost:8083") String publicUrl,
        @DefaultValue("Paperboy <digest@paperboy.local>") String from,
        String tokenSecret,
        @DefaultValue("48h") Duration confirmTokenTtl,
        @DefaultValue("180d") Duration manageTokenTtl,
        @DefaultValue("3") int confirmationsPerWindow,
        @DefaultValue("1h") Duration confirmationWindow,
        @DefaultValue("8") int mailConcurrency,
        @DefaultValue("3") int mailAttempts,
        @DefaultValue("500ms") Duration mailBackoff,
        @DefaultValue("3") int maxPermanentFailures,
        @DefaultValue("2m") Duration digestLease,
        @DefaultValue("30s") Duration recoveryInterval,
        @DefaultValue("1m") Duration retryAfter,
        @DefaultValue("1m") Duration scheduleInterval,
        @DefaultValue("30d") Duration digestRetention,
        @DefaultValue("6h") Duration retentionInterval) {

    public NotifyProperties {
        if (tokenSecret == null || tokenSecret.length() < 32) {
            throw new IllegalArgumentException("paperboy.notify.token-secret must be set (at least 32 characters)");
        }
        if (digestRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("paperboy.notify.digest-retention must be at least a day");
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}

package dev.paperboy.notify.subscriptions;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One subscriber (collection {@code subscriptions}, unique index on the normalised {@code email}).
 *
 * @param pendingPreferences preferences asked for by a repeated sign-up of an already confirmed address; applied
 *                           only when the new confirmation link is followed, so nobody changes another's settings
 * @param nextDueAt          next daily/weekly send time (UTC instant of the local send hour); null for instant
 * @param confirmationWindowStart start of the confirmation-email rate window
 * @param permanentFailures  consecutive permanent SMTP failures
 */
@Document("subscriptions")
public record Subscription(
        @Id String id,
        String email,
        SubscriptionState state,
        Preferences preferences,
        Preferences pendingPreferences,
        Instant createdAt,
        Instant updatedAt,
        Instant confirmedAt,
        Instant nextDueAt,
        Instant lastDigestAt,
        Instant confirmationWindowStart,
        int confirmationsInWindow,
        int permanentFailures) {
}

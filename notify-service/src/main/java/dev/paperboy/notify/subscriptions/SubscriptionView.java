package dev.paperboy.notify.subscriptions;

import java.time.Instant;
import java.util.List;

/** A subscription as shown to its owner ({@code GET /api/subscriptions/me}). */
public record SubscriptionView(
        String email,
        String status,
        List<String> keywords,
        List<String> categories,
        List<String> authors,
        int minUpvotes,
        String frequency,
        String timeZone,
        int sendHour,
        int maxPapers,
        Instant nextDigestAt) {

    static SubscriptionView of(Subscription s) {
        Preferences p = s.preferences();
        return new SubscriptionView(s.email(), s.state().wireName(), p.keywords(), p.categories(), p.authors(),
                p.minUpvotes(), p.frequency().wireName(), p.timeZone(), p.sendHour(), p.maxPapers(), s.nextDueAt());
    }
}

package dev.paperboy.notify.subscriptions;

import java.util.List;

/** Body of {@code POST /api/subscriptions} and {@code PUT /api/subscriptions/me} (email is ignored on PUT). */
public record SubscriptionRequest(
        String email,
        List<String> keywords,
        List<String> categories,
        List<String> authors,
        Integer minUpvotes,
        String frequency,
        String timeZone,
        Integer sendHour,
        Integer maxPapers) {
}

package dev.paperboy.notify.subscriptions;

import java.util.Locale;

/** Lifecycle of a subscription. Only ACTIVE subscriptions receive digests. */
public enum SubscriptionState {
    /** Created, confirmation email sent, nothing else is ever sent. */
    PENDING,
    ACTIVE,
    PAUSED,
    UNSUBSCRIBED,
    /** Deactivated after repeated permanent SMTP failures. */
    DISABLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.paperboy.notify.subscriptions;

/** An action that does not fit the subscription's state (resume of a subscription that is not paused, ...). */
public class SubscriptionConflictException extends RuntimeException {

    public SubscriptionConflictException(String message) {
        super(message);
    }
}

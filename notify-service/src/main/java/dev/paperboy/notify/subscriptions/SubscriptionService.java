package dev.paperboy.notify.subscriptions;

import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.digests.DueTimes;
import dev.paperboy.notify.mail.MailGateway;
import dev.paperboy.notify.mail.MailRenderer;
import dev.paperboy.notify.mail.OutgoingMail;
import dev.paperboy.notify.tokens.InvalidTokenException;
import dev.paperboy.notify.tokens.TokenPurpose;
import dev.paperboy.notify.tokens.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-up with double opt-in and the self-service actions behind signed links. A sign-up never reveals whether
 * the address was known; a repeated sign-up updates the one subscription of the address (preferences of a
 * confirmed subscription change only once the new confirmation link is followed). Confirmation emails to one
 * address are limited to {@code confirmations-per-window} per {@code confirmation-window}.
 */
@Service
public class SubscriptionService {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionService.class);

    private final SubscriptionStore store;
    private final TokenService tokens;
    private final MailRenderer renderer;
    private final MailGateway mail;
    private final NotifyProperties properties;
    private final Clock clock;

    SubscriptionService(SubscriptionStore store, TokenService tokens, MailRenderer renderer, MailGateway mail,
                        NotifyProperties properties, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.renderer = renderer;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /** Creates or updates the subscription of the address and (rate limits permitting) sends a confirmation. */
    public void subscribe(SubscriptionRequest request) {
        RequestValidator.Valid valid = RequestValidator.validate(request, true);
        Instant now = clock.instant();
        Subscription existing = store.findByEmail(valid.email());
        if (existing == null) {
            Subscription created = new Subscription(UUID.randomUUID().toString(), valid.email(),
                    SubscriptionState.PENDING, valid.preferences(), null, now, now, null, null, null, now, 1, 0);
            try {
                store.insert(created);
                sendConfirmation(created);
                return;
            } catch (DuplicateKeyException raced) {
                existing = store.findByEmail(valid.email());
            }
        }
        resubscribe(existing, valid.preferences(), now);
    }

    private void resubscribe(Subscription existing, Preferences preferences, Instant now) {
        Update update = new Update().set("updatedAt", now);
        switch (existing.state()) {
            case ACTIVE, PAUSED -> update.set("pendingPreferences", preferences);
            default -> update.set("state", SubscriptionState.PENDING).set("preferences", preferences)
                    .unset("pendingPreferences");
        }
        boolean windowOver = existing.confirmationWindowStart() == null
                || !existing.confirmationWindowStart().plus(properties.confirmationWindow()).isAfter(now);
        boolean allowed = windowOver || existing.confirmationsInWindow() < properties.confirmationsPerWindow();
        if (windowOver) {
            update.set("confirmationWindowStart", now).set("confirmationsInWindow", 1);
        } else if (allowed) {
            update.inc("confirmationsInWindow", 1);
        }
        Subscription updated = store.update(existing.id(), update);
        if (allowed && updated != null) {
            sendConfirmation(updated);
        } else {
            log.info("confirmation email to subscription {} rate-limited", existing.id());
        }
    }

    private void sendConfirmation(Subscription subscription) {
        String url = properties.publicUrl() + "/api/subscriptions/confirm?token="
                + tokens.confirmToken(subscription.id());
        OutgoingMail confirmation = new OutgoingMail(subscription.email(),
                renderer.confirmation(url, subscription.email()),
                "<confirm-" + UUID.randomUUID() + "@" + mail.fromDomain() + ">", Map.of());
        Thread.ofVirtual().name("confirmation-mail").start(() -> mail.send(confirmation));
    }

    /** Follows a confirmation link: activates the subscription (and applies preferences asked for again). */
    public SubscriptionView confirm(String token) {
        Subscription subscription = load(tokens.verify(token, EnumSet.of(TokenPurpose.CONFIRM)));
        if (subscription.state() == SubscriptionState.UNSUBSCRIBED) {
            throw new InvalidTokenException("unsubscribed since");
        }
        if (subscription.state() == SubscriptionState.ACTIVE && subscription.pendingPreferences() == null) {
            return SubscriptionView.of(subscription);
        }
        Instant now = clock.instant();
        Preferences preferences = subscription.pendingPreferences() != null
                ? subscription.pendingPreferences() : subscription.preferences();
        Update update = new Update().set("preferences", preferences).unset("pendingPreferences")
                .set("updatedAt", now).set("permanentFailures", 0);
        if (subscription.state() != SubscriptionState.PAUSED) {
            update.set("state", SubscriptionState.ACTIVE).set("nextDueAt", DueTimes.next(preferences, now));
        }
        if (subscription.confirmedAt() == null) {
            update.set("confirmedAt", now);
        }
        return SubscriptionView.of(store.update(subscription.id(), update));
    }

    public SubscriptionView view(String token) {
        return SubscriptionView.of(load(tokens.verify(token, EnumSet.of(TokenPurpose.MANAGE))));
    }

    public SubscriptionView change(String token, SubscriptionRequest request) {
        Subscription subscription = load(tokens.verify(token, EnumSet.of(TokenPurpose.MANAGE)));
        requireNot(subscription, SubscriptionState.UNSUBSCRIBED, "the subscription was cancelled; subscribe again");
        Preferences preferences = RequestValidator.validate(request, false).preferences();
        Instant now = clock.instant();
        Update update = new Update().set("preferences", preferences).set("updatedAt", now);
        if (subscription.state() == SubscriptionState.ACTIVE) {
            update.set("nextDueAt", DueTimes.next(preferences, now));
        }
        return SubscriptionView.of(store.update(subscription.id(), update));
    }

    public SubscriptionView pause(String token) {
        Subscription subscription = load(tokens.verify(token, EnumSet.of(TokenPurpose.MANAGE)));
        if (subscription.state() == SubscriptionState.PAUSED) {
            return SubscriptionView.of(subscription);
        }
        if (subscription.state() != SubscriptionState.ACTIVE) {
            throw new SubscriptionConflictException("only an active subscription can be paused");
        }
        return SubscriptionView.of(store.update(subscription.id(),
                new Update().set("state", SubscriptionState.PAUSED).set("updatedAt", clock.instant())));
    }

    public SubscriptionView resume(String token) {
        Subscription subscription = load(tokens.verify(token, EnumSet.of(TokenPurpose.MANAGE)));
        if (subscription.state() == SubscriptionState.ACTIVE) {
            return SubscriptionView.of(subscription);
        }
        if (subscription.state() != SubscriptionState.PAUSED) {
            throw new SubscriptionConflictException("only a paused subscription can be resumed");
        }
        Instant now = clock.instant();
        return SubscriptionView.of(store.update(subscription.id(), new Update().set("state", SubscriptionState.ACTIVE)
                .set("nextDueAt", DueTimes.next(subscription.preferences(), now)).set("updatedAt", now)));
    }

    /** Unsubscribes (idempotent). Accepts the List-Unsubscribe token and the preferences token. */
    public SubscriptionView unsubscribe(String token) {
        Subscription subscription = load(tokens.verify(token,
                EnumSet.of(TokenPurpose.UNSUBSCRIBE, TokenPurpose.MANAGE)));
        if (subscription.state() == SubscriptionState.UNSUBSCRIBED) {
            return SubscriptionView.of(subscription);
        }
        return SubscriptionView.of(store.update(subscription.id(), new Update()
                .set("state", SubscriptionState.UNSUBSCRIBED).unset("pendingPreferences").unset("nextDueAt")
                .set("updatedAt", clock.instant())));
    }

    /** Checks an unsubscribe token without acting (the GET page). */
    public SubscriptionView peekUnsubscribe(String token) {
        return SubscriptionView.of(load(tokens.verify(token,
                EnumSet.of(TokenPurpose.UNSUBSCRIBE, TokenPurpose.MANAGE))));
    }

    private Subscription load(String id) {
        Subscription subscription = store.findById(id);
        if (subscription == null) {
            throw new InvalidTokenException("no such subscription");
        }
        return subscription;
    }

    private static void requireNot(Subscription subscription, SubscriptionState state, String message) {
        if (subscription.state() == state) {
            throw new SubscriptionConflictException(message);
        }
    }
}

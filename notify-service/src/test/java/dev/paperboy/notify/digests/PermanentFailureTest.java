package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DeliveryLedger;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.delivery.DigestState;
import dev.paperboy.notify.mail.MailGateway;
import dev.paperboy.notify.mail.MailRenderer;
import dev.paperboy.notify.mail.SmtpChannel;
import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Preferences;
import dev.paperboy.notify.subscriptions.Subscription;
import dev.paperboy.notify.subscriptions.SubscriptionState;
import dev.paperboy.notify.subscriptions.SubscriptionStore;
import dev.paperboy.notify.tokens.TokenService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mail.MailSendException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permanent (5xx) refusals are not retried, fail the digest and, after {@code max-permanent-failures} in a row,
 * deactivate the subscription; temporary (4xx) refusals are retried and leave the digest PENDING.
 */
class PermanentFailureTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    SubscriptionStore subscriptions;
    @Autowired
    MailRenderer renderer;
    @Autowired
    TokenService tokens;
    @Autowired
    NotifyProperties properties;

    /** An SMTP server stand-in refusing every recipient with {@code code}. */
    private static final class RefusingSender implements SmtpChannel {
        final int code;
        final AtomicInteger calls = new AtomicInteger();
        final Session session = Session.getInstance(new Properties());

        RefusingSender(int code) {
            this.code = code;
        }

        @Override
        public Session session() {
            return session;
        }

        @Override
        public void send(List<MimeMessage> messages) {
            calls.incrementAndGet();
            Map<Object, Exception> failed = new LinkedHashMap<>();
            for (MimeMessage message : messages) {
                try {
                    InternetAddress to = (InternetAddress) message.getAllRecipients()[0];
                    failed.put(message, new SendFailedException("Invalid Addresses",
                            new SMTPAddressFailedException(to, "RCPT TO", code, code + " mailbox unavailable")));
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new MailSendException(failed);
        }
    }

    private DigestSender senderWith(RefusingSender smtp) {
        NotifyProperties p = properties;
        // retry-after of an hour, so that the recovery job leaves the postponed digest alone during the test
        NotifyProperties slowRetry = new NotifyProperties(p.publicUrl(), p.from(), p.tokenSecret(),
                p.confirmTokenTtl(), p.manageTokenTtl(), p.confirmationsPerWindow(), p.confirmationWindow(),
                p.mailConcurrency(), p.mailAttempts(), p.mailBackoff(), p.maxPermanentFailures(), p.digestLease(),
                p.recoveryInterval(), java.time.Duration.ofHours(1), p.scheduleInterval(), p.digestRetention(),
                p.retentionInterval());
        MailGateway gateway = new MailGateway(smtp, slowRetry, new SimpleMeterRegistry());
        return new DigestSender(ledger, subscriptions, renderer, gateway, tokens, slowRetry, Clock.systemUTC(),
                new SimpleMeterRegistry(), new DeliveryTraces(dev.paperboy.support.tracing.TraceContinuation.noop()));
    }

    @Test
    void repeatedPermanentFailuresDeactivateTheSubscription() {
        Subscription subscription = activeSubscription();
        RefusingSender smtp = new RefusingSender(550);
        DigestSender sender = senderWith(smtp);
        for (int i = 0; i < properties.maxPermanentFailures(); i++) {
            Digest digest = record(subscription, "bounce-" + i);
            assertThat(mongo.findById(subscription.id(), Subscription.class).state())
                    .isEqualTo(SubscriptionState.ACTIVE);
            sender.send(digest);
            assertThat(ledger.find(digest.key()).state()).isEqualTo(DigestState.FAILED);
        }
        assertThat(smtp.calls).as("5xx is not retried").hasValue(properties.maxPermanentFailures());
        Subscription after = mongo.findById(subscription.id(), Subscription.class);
        assertThat(after.state()).isEqualTo(SubscriptionState.DISABLED);
        assertThat(after.permanentFailures()).isEqualTo(properties.maxPermanentFailures());
    }

    @Test
    void temporaryRefusalsAreRetriedAndLeaveTheDigestPending() {
        Subscription subscription = activeSubscription();
        RefusingSender smtp = new RefusingSender(450);
        Digest digest = record(subscription, "busy");
        senderWith(smtp).send(digest);
        assertThat(smtp.calls).as("4xx is retried").hasValue(properties.mailAttempts());
        Digest after = ledger.find(digest.key());
        assertThat(after.state()).isEqualTo(DigestState.PENDING);
        assertThat(after.leaseUntil()).isAfter(Instant.now().plusSeconds(3000));
        assertThat(mongo.findById(subscription.id(), Subscription.class).permanentFailures()).isZero();
        ledger.cancel(after);
    }

    private Subscription activeSubscription() {
        Instant now = Instant.now();
        Subscription subscription = new Subscription(UUID.randomUUID().toString(), uniqueEmail("bounce"),
                SubscriptionState.ACTIVE, new Preferences(List.of(), List.of(), List.of(), 0, Frequency.INSTANT, "UTC",
                8, 10), null, now, now, now, null, null, now, 1, 0);
        mongo.insert(subscription);
        return subscription;
    }

    private Digest record(Subscription subscription, String key) {
        TrendingEntry entry = paper("Bounced " + key, List.of(), List.of("cs.NI"), List.of("Z"), 1);
        return ledger.record(subscription.id(), subscription.id() + "|instant|" + key, "instant", List.of(entry), 10,
                "test", Instant.now(), properties.digestLease(), "paperboy.local");
    }
}

package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DeliveryLedger;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.delivery.DigestState;
import dev.paperboy.notify.mail.MailGateway;
import dev.paperboy.notify.mail.MailRenderer;
import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Preferences;
import dev.paperboy.notify.subscriptions.Subscription;
import dev.paperboy.notify.subscriptions.SubscriptionState;
import dev.paperboy.notify.subscriptions.SubscriptionStore;
import dev.paperboy.notify.tokens.TokenService;
import dev.paperboy.support.tracing.TraceContinuation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The process dies after the SMTP server accepted a run's digests and before their SENT marks (written for many
 * digests at once) reached the database: each stays PENDING, is sent exactly once more after its lease with the same
 * Message-ID and papers, and none of its papers is offered to the subscriber again.
 */
class CrashAfterSmtpAcceptTest extends NotifyIntegrationTest {

    private static final Duration SHORT_LEASE = Duration.ofSeconds(5);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    SubscriptionStore subscriptions;
    @Autowired
    MailRenderer renderer;
    @Autowired
    MailGateway mail;
    @Autowired
    TokenService tokens;
    @Autowired
    NotifyProperties properties;

    @Test
    void acceptedDigestsWhoseMarksWereLostAreSentOnceMoreAndTheirPapersNeverAgain() throws Exception {
        TrendingEntry sent = paper("Crash-tested paper", List.of(), List.of("cs.OS"), List.of("K"), 5);
        TrendingEntry later = paper("Next day's paper", List.of(), List.of("cs.OS"), List.of("K"), 6);
        List<Subscription> subscribers = new ArrayList<>();
        List<DeliveryLedger.Planned> planned = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Subscription subscriber = activeDailySubscription();
            subscribers.add(subscriber);
            planned.add(new DeliveryLedger.Planned(subscriber.id(), subscriber.id() + "|daily|crash", "daily",
                    List.of(sent), 5));
        }
        List<Digest> recorded = ledger.recordAll(planned, "dying-instance", Instant.now(), SHORT_LEASE,
                mail.fromDomain());
        assertThat(recorded).hasSize(3);

        dyingSender().sendAll(recorded);
        for (int i = 0; i < 3; i++) {
            assertThat(digestsTo(subscribers.get(i).email())).as("accepted by SMTP").hasSize(1);
            assertThat(ledger.find(recorded.get(i).key()).state()).as("no SENT mark written")
                    .isEqualTo(DigestState.PENDING);
        }

        // the recovery job (every 0.5 s in these tests) claims each once its lease ran out and sends it again
        for (int i = 0; i < 3; i++) {
            String email = subscribers.get(i).email();
            String key = recorded.get(i).key();
            await().atMost(WAIT).until(() -> ledger.find(key).state() == DigestState.SENT);
            await().atMost(WAIT).until(() -> digestsTo(email).size() == 2);
            List<MimeMessage> copies = digestsTo(email);
            assertThat(copies).extracting(MimeMessage::getMessageID)
                    .containsOnly(recorded.get(i).messageId());
            assertThat(text(copies.get(1))).contains("Crash-tested paper");
            assertThat(ledger.find(key).attempts()).as("sent once more, by one claim").isEqualTo(2);
        }
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() ->
                subscribers.stream().allMatch(s -> digestsTo(s.email()).size() == 2));

        Digest next = ledger.record(subscribers.getFirst().id(), subscribers.getFirst().id() + "|daily|next",
                "daily", List.of(sent, later), 5, "test", Instant.now(), properties.digestLease(),
                mail.fromDomain());
        assertThat(next.entries()).as("the crashed digest's paper is not offered again").containsExactly(later);
        ledger.cancel(next);
    }

    /** A sender whose process dies right after the SMTP server's replies: no SENT mark reaches the database. */
    private DigestSender dyingSender() {
        DeliveryLedger dying = new DeliveryLedger(mongo, properties) {
            @Override
            public void markSent(List<String> digestKeys, Instant at) {
                throw new IllegalStateException("process died before the SENT marks were written");
            }
        };
        return new DigestSender(dying, subscriptions, renderer, mail, tokens, properties, Clock.systemUTC(),
                new SimpleMeterRegistry(), new DeliveryTraces(TraceContinuation.noop()));
    }

    private Subscription activeDailySubscription() {
        Instant now = Instant.now();
        Subscription subscription = new Subscription(UUID.randomUUID().toString(), uniqueEmail("crash"),
                SubscriptionState.ACTIVE, new Preferences(List.of(), List.of(), List.of(), 0, Frequency.DAILY, "UTC",
                8, 5), null, now, now, now, now.plus(Duration.ofDays(1)), null, now, 1, 0);
        mongo.insert(subscription);
        return subscription;
    }
}

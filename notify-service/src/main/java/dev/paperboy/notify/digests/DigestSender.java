package dev.paperboy.notify.digests;

import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DeliveryLedger;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.mail.DigestComposer;
import dev.paperboy.notify.mail.MailGateway;
import dev.paperboy.notify.mail.MailRenderer;
import dev.paperboy.notify.mail.OutgoingMail;
import dev.paperboy.notify.mail.RenderedMail;
import dev.paperboy.notify.mail.SendOutcome;
import dev.paperboy.notify.subscriptions.Subscription;
import dev.paperboy.notify.subscriptions.SubscriptionState;
import dev.paperboy.notify.subscriptions.SubscriptionStore;
import dev.paperboy.notify.tokens.TokenService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Sends recorded digests in batches on a few platform threads, as many as SMTP sends may run at once (the
 * {@link MailGateway}'s permits), and records the outcome: SENT; postponed (temporary failure, retried by the
 * recovery job); FAILED (permanent, counts towards deactivating the subscription); cancelled (subscription no longer
 * active).
 */
@Component
class DigestSender {

    private static final Logger log = LoggerFactory.getLogger(DigestSender.class);

    private final DeliveryLedger ledger;
    private final SubscriptionStore subscriptions;
    private final MailRenderer renderer;
    private final MailGateway mail;
    private final TokenService tokens;
    private final NotifyProperties properties;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private final Counter postponed;
    private final DeliveryTraces traces;

    DigestSender(DeliveryLedger ledger, SubscriptionStore subscriptions, MailRenderer renderer, MailGateway mail,
                 TokenService tokens, NotifyProperties properties, Clock clock, MeterRegistry registry,
                 DeliveryTraces traces) {
        this.traces = traces;
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.renderer = renderer;
        this.mail = mail;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
        this.sent = Counter.builder("paperboy.notify.digests.sent").register(registry);
        this.failed = Counter.builder("paperboy.notify.digests.failed").tag("kind", "permanent").register(registry);
        this.postponed = Counter.builder("paperboy.notify.digests.failed").tag("kind", "temporary").register(registry);
    }

    /** Digests per SMTP batch: one connection use ({@link SentMarks} marks those accepted SENT across batches). */
    private static final int BATCH = 20;

    /** Sends all {@code digests} and waits for them; loads their subscriptions from MongoDB. */
    void sendAll(List<Digest> digests) {
        sendAll(digests, Map.of());
    }

    /** Sends all {@code digests} and waits for them; {@code known}: subscriptions loaded already, by id. */
    void sendAll(List<Digest> digests, Map<String, Subscription> known) {
        if (digests.isEmpty()) {
            return;
        }
        try (Run run = start(known)) {
            run.submit(digests);
        }
    }

    /**
     * Starts a sending run: digests {@link Run#submit submitted} go out in batches of {@value #BATCH} on the run's
     * {@code mail-concurrency} platform threads (the {@link MailGateway}'s permits bound how many talk to SMTP at
     * once). {@code known} holds the subscriptions the caller loaded already (by id); others are read from MongoDB.
     */
    Run start(Map<String, Subscription> known) {
        return new Run(known);
    }

    /**
     * One sending run. {@link #submit} blocks while two batches per SMTP permit wait, so a caller that records
     * digests chunk by chunk stays about one chunk ahead of the sends (the digests' leases start shortly before
     * their send). Papers are rendered once per run ({@link DigestComposer}); accepted digests are marked SENT by
     * its {@link SentMarks}. {@link #close} waits for every send and every mark.
     */
    final class Run implements AutoCloseable {

        private final Map<String, Subscription> known;
        private final DigestComposer composer = renderer.digestComposer();
        /**
         * Platform threads, one per SMTP send allowed at once: a send blocks on several socket reads with a timeout,
         * and on virtual threads each of those parked the thread, handed a timer to the scheduler and woke it
         * through the poller; the concurrency is small and bounded anyway.
         */
        private final ExecutorService executor = Executors.newFixedThreadPool(
                Math.max(1, properties.mailConcurrency()),
                Thread.ofPlatform().name("digest-send-", 0).daemon(true).factory());
        private final Semaphore waiting = new Semaphore(2 * Math.max(1, properties.mailConcurrency()));
        private final SentMarks marks = new SentMarks(ledger, clock);

        private Run(Map<String, Subscription> known) {
            this.known = known;
        }

        void submit(List<Digest> digests) {
            for (int from = 0; from < digests.size(); from += BATCH) {
                List<Digest> batch = digests.subList(from, Math.min(digests.size(), from + BATCH));
                waiting.acquireUninterruptibly();
                executor.execute(() -> {
                    try {
                        sendBatch(batch, known, composer, marks::add);
                    } catch (RuntimeException e) {
                        // the batch stays PENDING in the ledger; the recovery job sends it after its lease
                        log.error("digest batch crashed", e);
                    } finally {
                        waiting.release();
                    }
                });
            }
        }

        /** Waits for every send, then marks the last accepted digests SENT. */
        @Override
        public void close() {
            try {
                executor.close();
            } finally {
                marks.close();
            }
        }
    }

    void send(Digest digest) {
        sendBatch(List.of(digest), Map.of(), renderer.digestComposer(),
                keys -> ledger.markSent(keys, clock.instant()));
    }

    /** Sends one batch over one SMTP connection; hands the keys of the digests accepted to {@code accepted}. */
    private void sendBatch(List<Digest> batch, Map<String, Subscription> known, DigestComposer composer,
                           Consumer<List<String>> accepted) {
        List<Digest> sendable = new ArrayList<>(batch.size());
        List<Subscription> owners = new ArrayList<>(batch.size());
        List<OutgoingMail> mails = new ArrayList<>(batch.size());
        for (Digest digest : batch) {
            Subscription subscription = known.get(digest.subscriberId());
            if (subscription == null) {
                subscription = subscriptions.findById(digest.subscriberId());
            }
            if (subscription == null || subscription.state() != SubscriptionState.ACTIVE) {
                ledger.cancel(digest);
                continue;
            }
            sendable.add(digest);
            owners.add(subscription);
            mails.add(mail(digest, subscription, composer));
        }
        if (mails.isEmpty()) {
            return;
        }
        List<List<Span>> spans = sendable.stream().map(traces::start).toList();
        List<SendOutcome> outcomes;
        try {
            outcomes = mail.sendBatch(mails);
        } catch (RuntimeException e) {
            spans.forEach(paperSpans -> traces.fail(paperSpans, e));
            throw e;
        }
        for (int i = 0; i < spans.size(); i++) {
            traces.end(spans.get(i), outcomes.get(i));
        }
        Instant now = clock.instant();
        List<String> sentKeys = new ArrayList<>();
        for (int i = 0; i < sendable.size(); i++) {
            Digest digest = sendable.get(i);
            Subscription subscription = owners.get(i);
            switch (outcomes.get(i)) {
                case SENT -> {
                    sentKeys.add(digest.key());
                    if (subscription.permanentFailures() > 0) {
                        subscriptions.recordDelivered(subscription.id(), now);
                    }
                }
                case TEMPORARY_FAILURE -> {
                    Duration wait = properties.retryAfter().multipliedBy(Math.min(digest.attempts(), 30));
                    ledger.postpone(digest, now.plus(wait));
                    postponed.increment();
                }
                case PERMANENT_FAILURE -> {
                    ledger.markFailed(digest, now);
                    failed.increment();
                    if (subscriptions.recordPermanentFailure(subscription.id(), properties.maxPermanentFailures(),
                            now)) {
                        log.warn("subscription {} deactivated after {} permanent failures", subscription.id(),
                                properties.maxPermanentFailures());
                    }
                }
            }
        }
        accepted.accept(sentKeys);
        sent.increment(sentKeys.size());
    }

    private OutgoingMail mail(Digest digest, Subscription subscription, DigestComposer composer) {
        String base = properties.publicUrl() + "/api/subscriptions/";
        String unsubscribeUrl = base + "unsubscribe?token=" + tokens.unsubscribeToken(subscription.id());
        String preferencesUrl = base + "me?token=" + tokens.manageToken(subscription.id());
        RenderedMail content = composer.compose(digest.entries(), digest.frequency(), preferencesUrl,
                unsubscribeUrl);
        return new OutgoingMail(subscription.email(), content, digest.messageId(), Map.of(
                "List-Unsubscribe", "<" + unsubscribeUrl + ">",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click",
                "List-Id", "Paperboy digests <digests." + mail.fromDomain() + ">",
                "Auto-Submitted", "auto-generated"));
    }
}

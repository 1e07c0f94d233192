package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DeliveryLedger;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.mail.MailGateway;
import dev.paperboy.notify.matching.MatchIndex;
import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Subscription;
import dev.paperboy.notify.subscriptions.SubscriptionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Decides which digests to send and records them in the ledger before anything is sent.
 * <ul>
 *   <li>Instant: each trending snapshot is matched against active instant subscriptions; digest key
 *       {@code subscriber|instant|snapshotId}, so a redelivered snapshot finds its digests recorded already.</li>
 *   <li>Daily/weekly: the scheduled run (one instance at a time, {@link SchedulerLock}) takes the subscriptions
 *       whose local send hour has come and matches them against the papers trending in the last day/week; digest
 *       key {@code subscriber|daily|<local date>} or {@code subscriber|weekly|<ISO week>}. No new matching
 *       paper, no email (quiet days and weekends send nothing when nothing new trended).</li>
 *   <li>Recovery: PENDING digests whose lease ran out (temporary failure, crash) are claimed and sent again.</li>
 * </ul>
 */
@Service
public class DigestPlanner {

    private static final Logger log = LoggerFactory.getLogger(DigestPlanner.class);
    static final String LOCK = "scheduled-digests";
    private static final int RECORD_CHUNK = 500;

    private final SubscriptionStore subscriptions;
    private final TrendingPaperStore papers;
    private final DeliveryLedger ledger;
    private final DigestSender sender;
    private final SchedulerLock lock;
    private final MailGateway mail;
    private final NotifyProperties properties;
    private final Clock clock;
    private final String owner = "notify-" + UUID.randomUUID();
    private final Timer matching;
    private final Counter due;
    private final Counter snapshots;

    DigestPlanner(SubscriptionStore subscriptions, TrendingPaperStore papers, DeliveryLedger ledger,
                  DigestSender sender, SchedulerLock lock, MailGateway mail, NotifyProperties properties,
                  Clock clock, MeterRegistry registry) {
        this.subscriptions = subscriptions;
        this.papers = papers;
        this.ledger = ledger;
        this.sender = sender;
        this.lock = lock;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
        this.matching = Timer.builder("paperboy.notify.matching.time")
                .description("matching papers to subscriptions").register(registry);
        this.due = Counter.builder("paperboy.notify.digests.due").description("digests recorded for sending")
                .register(registry);
        this.snapshots = Counter.builder("paperboy.notify.snapshots.processed")
                .description("trending snapshots handled").register(registry);
    }

    /** Handles one trending snapshot: remembers its papers and sends the instant digests. */
    public void onSnapshot(TrendingSnapshot snapshot) {
        try {
            handle(snapshot);
        } finally {
            snapshots.increment();
        }
    }

    private void handle(TrendingSnapshot snapshot) {
        Instant now = clock.instant();
        papers.record(snapshot, now);
        if (snapshot.entries().isEmpty()) {
            return;
        }
        MatchIndex index = new MatchIndex();
        try (Stream<Subscription> active = subscriptions.streamActive(List.of(Frequency.INSTANT))) {
            active.forEach(index::add);
        }
        Map<Subscription, List<TrendingEntry>> matches = match(index, snapshot.entries());
        String snapshotKey = snapshot.snapshotId() != null ? snapshot.snapshotId()
                : snapshot.window() + "@" + snapshot.generatedAt();
        List<DeliveryLedger.Planned> planned = new ArrayList<>(matches.size());
        matches.forEach((subscription, entries) -> planned.add(plan(subscription,
                subscription.id() + "|instant|" + snapshotKey, entries)));
        int digests;
        try (DigestSender.Run run = sender.start(byId(matches.keySet()))) {
            digests = recordAndSend(planned, now, run);
        }
        log.info("snapshot {}: {} papers, {} instant subscriptions, {} matched, {} digests", snapshotKey,
                snapshot.entries().size(), index.size(), matches.size(), digests);
    }

    /** The scheduled daily/weekly run; skipped while another instance holds the lock. */
    @Scheduled(fixedDelayString = "${paperboy.notify.schedule-interval:PT1M}",
            initialDelayString = "${paperboy.notify.schedule-interval:PT1M}")
    public void scheduledRun() {
        Instant now = clock.instant();
        Duration lease = Duration.ofMinutes(30);
        if (!lock.tryAcquire(LOCK, owner, now, lease)) {
            return;
        }
        try {
            runDue(now);
        } catch (RuntimeException e) {
            log.error("scheduled digest run failed", e);
        } finally {
            lock.release(LOCK, owner);
        }
    }

    /**
     * Records and sends the daily/weekly digests due at {@code now}; returns how many digests were recorded. Digests
     * are recorded chunk by chunk while the chunks before are being sent (each recorded before its send).
     */
    public int runDue(Instant now) {
        List<Subscription> dueNow = subscriptions.findDue(now, Integer.MAX_VALUE);
        if (dueNow.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        int digests = 0;
        try (DigestSender.Run run = sender.start(byId(dueNow))) {
            for (Frequency frequency : List.of(Frequency.DAILY, Frequency.WEEKLY)) {
                List<Subscription> ofFrequency = dueNow.stream()
                        .filter(subscription -> subscription.preferences().frequency() == frequency).toList();
                if (ofFrequency.isEmpty()) {
                    continue;
                }
                MatchIndex index = new MatchIndex();
                ofFrequency.forEach(index::add);
                Duration window = frequency == Frequency.DAILY ? Duration.ofDays(1) : Duration.ofDays(7);
                Map<Subscription, List<TrendingEntry>> matches = match(index, papers.seenSince(now.minus(window)));
                List<DeliveryLedger.Planned> planned = new ArrayList<>();
                for (Subscription subscription : ofFrequency) {
                    List<TrendingEntry> entries = matches.getOrDefault(subscription, List.of());
                    if (!entries.isEmpty()) {
                        String key = subscription.id() + "|" + frequency.wireName() + "|"
                                + DueTimes.periodKey(subscription.preferences(), subscription.nextDueAt());
                        planned.add(plan(subscription, key, entries));
                    }
                }
                digests += recordAndSend(planned, now, run);
                // only now, with the digests recorded, the due times move on (a crash before re-runs the same keys)
                subscriptions.advanceDue(ofFrequency, now);
            }
            log.info("scheduled run: {} subscriptions due, {} digests recorded in {} ms, waiting for the last sends",
                    dueNow.size(), digests, (System.nanoTime() - start) / 1_000_000);
        }
        log.info("scheduled run: {} digests recorded and sent in {} ms", digests,
                (System.nanoTime() - start) / 1_000_000);
        return digests;
    }

    /** Sends again the PENDING digests whose lease ran out (temporary failures, interrupted sends). */
    @Scheduled(fixedDelayString = "${paperboy.notify.recovery-interval:PT30S}",
            initialDelayString = "${paperboy.notify.recovery-interval:PT30S}")
    public void recoverStale() {
        Instant now = clock.instant();
        List<Digest> claimed = ledger.claimStale(ledger.findStale(now, 1000), owner, now, properties.digestLease());
        if (!claimed.isEmpty()) {
            log.info("retrying {} pending digests", claimed.size());
            sender.sendAll(claimed);
        }
    }

    private Map<Subscription, List<TrendingEntry>> match(MatchIndex index, List<TrendingEntry> entries) {
        return matching.record(() -> index.match(entries));
    }

    private static DeliveryLedger.Planned plan(Subscription subscription, String key, List<TrendingEntry> entries) {
        return new DeliveryLedger.Planned(subscription.id(), key, subscription.preferences().frequency().wireName(),
                entries, subscription.preferences().maxPapers());
    }

    /** Records planned digests in chunks, handing each recorded chunk to {@code run}; returns how many. */
    private int recordAndSend(List<DeliveryLedger.Planned> planned, Instant now, DigestSender.Run run) {
        int recorded = 0;
        for (int from = 0; from < planned.size(); from += RECORD_CHUNK) {
            List<Digest> digests = ledger.recordAll(planned.subList(from, Math.min(planned.size(),
                    from + RECORD_CHUNK)), owner, now, properties.digestLease(), mail.fromDomain());
            due.increment(digests.size());
            recorded += digests.size();
            run.submit(digests);
        }
        return recorded;
    }

    private static Map<String, Subscription> byId(java.util.Collection<Subscription> subscriptions) {
        Map<String, Subscription> byId = new java.util.HashMap<>();
        subscriptions.forEach(s -> byId.put(s.id(), s));
        return byId;
    }
}

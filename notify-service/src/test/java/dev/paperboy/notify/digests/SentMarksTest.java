package dev.paperboy.notify.digests;

import dev.paperboy.notify.NotifyIntegrationTest;
import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DeliveryLedger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SENT marks gathered across SMTP batches: every accepted key written once, in few updates, none left behind. */
class SentMarksTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    NotifyProperties properties;

    /** The ledger's updates as they would be written (one list of keys per update), optionally failing. */
    private final class RecordingLedger extends DeliveryLedger {
        final List<List<String>> updates = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger failures = new AtomicInteger();

        RecordingLedger() {
            super(mongo, properties);
        }

        @Override
        public void markSent(List<String> digestKeys, Instant at) {
            if (down.get()) {
                failures.incrementAndGet();
                throw new IllegalStateException("database unreachable");
            }
            updates.add(List.copyOf(digestKeys));
        }

        List<String> written() {
            synchronized (updates) {
                return updates.stream().flatMap(List::stream).toList();
            }
        }
    }

    @Test
    void keysFromManyConcurrentBatchesAreWrittenOnceEachInFewUpdates() {
        RecordingLedger ledger = new RecordingLedger();
        List<String> accepted = new ArrayList<>();
        try (SentMarks marks = new SentMarks(ledger, Clock.systemUTC());
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int batch = 0; batch < 60; batch++) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    keys.add("digest-" + batch + "-" + i);
                }
                accepted.addAll(keys);
                senders.execute(() -> marks.add(keys));
            }
        }
        assertThat(ledger.written()).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(ledger.updates).as("1,200 keys from 60 batches of 20").hasSizeLessThan(60);
        assertThat(ledger.updates).allSatisfy(update -> assertThat(update).hasSizeLessThanOrEqualTo(
                SentMarks.MAX_KEYS + 20));
    }

    @Test
    void aQuietRunStillWritesItsMarksWithoutWaitingForTheEnd() {
        RecordingLedger ledger = new RecordingLedger();
        try (SentMarks marks = new SentMarks(ledger, Clock.systemUTC())) {
            marks.add(List.of("quiet-1", "quiet-2"));
            await().atMost(WAIT).until(() -> ledger.written().size() == 2);
            marks.add(List.of("quiet-3"));
            await().atMost(WAIT).until(() -> ledger.written().size() == 3);
        }
        assertThat(ledger.written()).containsExactly("quiet-1", "quiet-2", "quiet-3");
    }

    @Test
    void marksThatFailToBeWrittenAreTriedAgainAndNotLost() {
        RecordingLedger ledger = new RecordingLedger();
        ledger.down.set(true);
        try (SentMarks marks = new SentMarks(ledger, Clock.systemUTC())) {
            marks.add(List.of("late-1"));
            marks.add(List.of("late-2"));
            await().atMost(WAIT).until(() -> ledger.failures.get() > 0);
            ledger.down.set(false);
            await().atMost(WAIT).until(() -> ledger.written().size() == 2);
        }
        assertThat(ledger.written()).containsExactlyInAnyOrder("late-1", "late-2");
    }
}

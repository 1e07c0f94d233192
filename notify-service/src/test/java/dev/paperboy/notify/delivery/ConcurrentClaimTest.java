package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Two instances claiming the same stale digests at the same moment, each with one update for all of them: every
 * digest is claimed (and so sent again) by exactly one, and each gets back only what its own claim took.
 */
class ConcurrentClaimTest extends NotifyIntegrationTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;

    @Test
    void twoInstancesClaimingTheSameStaleDigestsNeverBothTakeOne() throws Exception {
        TrendingEntry paper = paper("Claimed once", List.of(), List.of("cs.DC"), List.of("C"), 1);
        for (int round = 0; round < 5; round++) {
            Instant recordedAt = Instant.now();
            List<DeliveryLedger.Planned> planned = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String subscriber = "claim-" + UUID.randomUUID();
                planned.add(new DeliveryLedger.Planned(subscriber, subscriber + "|daily|claim", "daily",
                        List.of(paper), 5));
            }
            // leased for an hour: this JVM's own recovery job leaves them alone; the two instances below claim
            // them as if that hour had passed
            List<Digest> recorded = ledger.recordAll(planned, "crashed-instance", recordedAt, Duration.ofHours(1),
                    "paperboy.local");
            List<String> keys = recorded.stream().map(Digest::key).toList();
            List<DigestStatus> stale = mongo.find(Query.query(where("_id").in(keys)), DigestStatus.class);
            Instant later = recordedAt.plus(Duration.ofHours(2));

            CyclicBarrier start = new CyclicBarrier(2);
            List<Digest> byA;
            List<Digest> byB;
            try (ExecutorService instances = Executors.newFixedThreadPool(2)) {
                Future<List<Digest>> a = instances.submit(() -> {
                    start.await();
                    return ledger.claimStale(stale, "instance-a", later, LEASE);
                });
                Future<List<Digest>> b = instances.submit(() -> {
                    start.await();
                    return ledger.claimStale(stale, "instance-b", later, LEASE);
                });
                byA = a.get();
                byB = b.get();
            }

            Set<String> claimedByA = keysOf(byA);
            Set<String> claimedByB = keysOf(byB);
            Set<String> byBoth = new HashSet<>(claimedByA);
            byBoth.retainAll(claimedByB);
            assertThat(byBoth).as("round %d: claimed by both", round).isEmpty();
            Set<String> claimed = new HashSet<>(claimedByA);
            claimed.addAll(claimedByB);
            assertThat(claimed).as("round %d: every stale digest claimed", round)
                    .containsExactlyInAnyOrderElementsOf(keys);
            assertThat(byA).allSatisfy(digest -> assertThat(digest.owner()).startsWith("instance-a/"));
            assertThat(byB).allSatisfy(digest -> assertThat(digest.owner()).startsWith("instance-b/"));
            assertThat(byA).allSatisfy(digest -> assertThat(digest.entries()).containsExactly(paper));
            for (String key : keys) {
                assertThat(ledger.find(key).attempts()).as("one claim of %s", key).isEqualTo(2);
            }
            assertThat(ledger.claimStale(stale, "instance-a", later, LEASE))
                    .as("leased again: a second claim takes nothing").isEmpty();
            recorded.forEach(ledger::cancel);
        }
    }

    private static Set<String> keysOf(List<Digest> digests) {
        Set<String> keys = new HashSet<>();
        digests.forEach(digest -> keys.add(digest.key()));
        return keys;
    }
}

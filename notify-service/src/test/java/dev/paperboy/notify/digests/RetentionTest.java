package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import dev.paperboy.notify.NotifyProperties;
import dev.paperboy.notify.delivery.DeliveryLedger;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.delivery.DigestPaper;
import dev.paperboy.notify.delivery.DigestRetention;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Digests finished longer ago than the retention go, with the stored papers only they named; pending digests,
 * recent ones and the delivery ledger stay, so a pruned digest's papers are still never offered again.
 */
class RetentionTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    RetentionJob job;
    @Autowired
    SchedulerLock lock;
    @Autowired
    NotifyProperties properties;

    @Test
    void finishedDigestsPastTheRetentionAndTheirPapersArePrunedButTheLedgerIsKept() {
        String subscriber = "retention-" + UUID.randomUUID();
        Instant now = Instant.now();
        Instant longAgo = now.minus(properties.digestRetention()).minus(Duration.ofDays(10));
        TrendingEntry old = paper("Old paper", List.of(), List.of("cs.DB"), List.of("O"), 1);
        TrendingEntry recent = paper("Recent paper", List.of(), List.of("cs.DB"), List.of("R"), 2);
        TrendingEntry stuck = paper("Stuck paper", List.of(), List.of("cs.DB"), List.of("S"), 3);
        Digest sentLongAgo = record(subscriber, "|daily|old", old, longAgo);
        ledger.markSent(sentLongAgo, longAgo);
        Digest sentRecently = record(subscriber, "|daily|recent", recent, now.minus(Duration.ofDays(1)));
        ledger.markSent(sentRecently, now.minus(Duration.ofDays(1)));
        Digest pendingLongAgo = record(subscriber, "|daily|stuck", stuck, longAgo);

        // held by a daily run elsewhere: the job waits for its next turn
        assertThat(lock.tryAcquire(DigestPlanner.LOCK, "a-daily-run", now, Duration.ofMinutes(1))).isTrue();
        assertThat(job.prune()).isNull();
        lock.release(DigestPlanner.LOCK, "a-daily-run");
        DigestRetention.Pruned pruned = job.prune();

        assertThat(pruned).isNotNull();
        assertThat(pruned.digests()).isGreaterThanOrEqualTo(1);
        assertThat(ledger.find(sentLongAgo.key())).as("status removed").isNull();
        Document prunedLedger = mongo.getCollection("offers").find(new Document("_id", sentLongAgo.key())).first();
        assertThat(prunedLedger.keySet()).as("the ledger document keeps only what stops a second offer")
                .containsExactlyInAnyOrder("_id", "subscriberId", "pairs", "createdAt");
        assertThat(prunedLedger.getList("pairs", String.class)).containsExactly(subscriber + "|" + old.id());
        assertThat(papersOf(old)).as("named by no kept digest").isZero();
        assertThat(ledger.find(sentRecently.key()).entries()).containsExactly(recent);
        assertThat(ledger.find(pendingLongAgo.key()).entries()).as("pending, kept whatever its age")
                .containsExactly(stuck);
        assertThat(mongo.getCollection("offers").countDocuments(new Document("subscriberId", subscriber)))
                .as("the delivery ledger is never pruned").isEqualTo(3);
        assertThat(record(subscriber, "|daily|again", old, now)).as("a pruned digest's paper is not offered again")
                .isNull();
        assertThat(record(subscriber, "|daily|old", old, now)).as("nor is a pruned digest sent again").isNull();
    }

    private Digest record(String subscriber, String suffix, TrendingEntry paper, Instant at) {
        // a lease into the future, so that the recovery job leaves these digests alone (it would cancel them: the
        // subscriber does not exist)
        return ledger.record(subscriber, subscriber + suffix, "daily", List.of(paper), 5, "test", at,
                Duration.between(at, Instant.now()).plusHours(1), "paperboy.local");
    }

    private long papersOf(TrendingEntry paper) {
        return mongo.count(Query.query(where("_id").regex("^" + paper.id().replace(".", "\\.") + "@")),
                DigestPaper.class);
    }
}

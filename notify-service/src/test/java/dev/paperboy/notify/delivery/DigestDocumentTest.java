package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A digest is stored as one ledger document holding its pairs, its status and the keys of its papers, and each paper
 * once however many digests carry it: the stored forms must be what Spring Data reads, the ledger must read back
 * what it recorded, and statuses an earlier version kept apart must still be honoured.
 */
class DigestDocumentTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;

    @Test
    void storedPapersAreWhatSpringDataWritesKeyedByTheirContent() {
        TrendingEntry paper = paper("Other <paper>", List.of(), List.of(), List.of("C"), 0);
        PaperVersions versions = new PaperVersions(mongo, java.time.Duration.ofDays(15));
        PaperVersions.Version version = versions.of(paper);
        Document expected = new Document();
        mongo.getConverter().write(new DigestPaper(version.key(), paper, null), expected);
        assertThat(version.document()).isEqualTo(expected);
        assertThat(version.document().keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(mongo.getConverter().read(DigestPaper.class, version.document()).entry()).isEqualTo(paper);

        assertThat(version.key()).startsWith(paper.id() + "@");
        assertThat(new PaperVersions(mongo, java.time.Duration.ofDays(15)).of(paper).key()).as("same content, same key").isEqualTo(version.key());
        TrendingEntry upvoted = new TrendingEntry(paper.rank(), paper.id(), paper.title(), paper.authors(),
                paper.abstractExcerpt(), paper.keywords(), paper.categories(), paper.upvotes() + 1, paper.score(),
                paper.dailyDate(), paper.link());
        assertThat(versions.of(upvoted).key()).as("changed content, new key").isNotEqualTo(version.key());
    }

    @Test
    void ledgerDocumentsHoldTheStatusAsSpringDataWritesIt() {
        Instant now = Instant.parse("2026-11-27T08:00:00.123Z");
        for (DigestStatus status : List.of(
                new DigestStatus("s1|daily|2026-11-27", "s1", "daily", List.of("2511.00001@ab", "2511.00002@cd"),
                        "<d1@x>", DigestState.PENDING, 1, "owner", now.plusSeconds(120), now, null),
                new DigestStatus("s2|daily|2026-11-27", "s2", "daily", List.of("2511.00002@cd"), "<d2@x>",
                        DigestState.SENT, 2, "owner", null, now, now))) {
            List<String> pairs = List.of(status.subscriberId() + "|2511.00002");
            Document expected = new Document();
            mongo.getConverter().write(status, expected);
            expected.remove("_class");
            Document written = status.document(pairs);
            assertThat(written.getList("pairs", String.class)).isEqualTo(pairs);
            written.remove("pairs");
            assertThat(written).isEqualTo(expected);
            assertThat(mongo.getConverter().read(DigestStatus.class, status.document(pairs))).isEqualTo(status);
        }
    }

    @Test
    void recordedDigestsNameTheirPapersStoredOnceAndStateChangesLeaveThemAlone() {
        TrendingEntry shared = paper("Shared paper", List.of("k"), List.of("cs.LG"), List.of("A", "B"), 7);
        TrendingEntry own = paper("Own paper", List.of("kept"), List.of("cs.DB"), List.of("K"), 3);
        Instant now = Instant.now();
        String first = "keeper|daily|" + now.toEpochMilli();
        String second = "other|daily|" + now.toEpochMilli();
        Digest recorded = ledger.record("keeper", first, "daily", List.of(shared, own), 5, "owner", now,
                Duration.ofMinutes(2), "paperboy.local");
        ledger.record("other", second, "daily", List.of(shared), 5, "owner", now, Duration.ofMinutes(2),
                "paperboy.local");
        assertThat(recorded.entries()).containsExactly(shared, own);

        Document status = mongo.getCollection(DigestRecorder.OFFERS).find(new Document("_id", first)).first();
        assertThat(status).doesNotContainKey("entries").containsEntry("state", "PENDING");
        assertThat(status.getList("papers", String.class)).hasSize(2);
        assertThat(status.getList("pairs", String.class))
                .containsExactly("keeper|" + shared.id(), "keeper|" + own.id());
        assertThat(mongo.getCollection(LegacyStatuses.COLLECTION).countDocuments()).as("no status apart").isZero();
        assertThat(mongo.count(Query.query(where("_id").regex("^" + shared.id() + "@")), DigestPaper.class))
                .as("a paper in two digests is stored once").isEqualTo(1);

        ledger.markSent(recorded, now);
        Digest found = ledger.find(first);
        assertThat(found.state()).isEqualTo(DigestState.SENT);
        assertThat(found.sentAt()).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(found.leaseUntil()).isNull();
        assertThat(found.entries()).isEqualTo(recorded.entries());
        assertThat(found.messageId()).isEqualTo(recorded.messageId());
        assertThat(ledger.find(second).entries()).containsExactly(shared);
    }

    @Test
    void aDigestWhoseFirstCandidatesWereOfferedTakesTheNextOnesAndNeverAnOfferedOne() {
        Instant now = Instant.now();
        String subscriber = "reader-" + now.toEpochMilli();
        List<TrendingEntry> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            candidates.add(paper("Candidate " + i + " " + now.toEpochMilli(), List.of("k"), List.of("cs.LG"),
                    List.of("A"), 10 - i));
        }
        // yesterday's digest took candidates 0 and 2; the same subscriber's digest of today may take 2 of the 6
        ledger.record(subscriber, subscriber + "|daily|yesterday", "daily",
                List.of(candidates.get(0), candidates.get(2)), 2, "owner", now, Duration.ofMinutes(2),
                "paperboy.local");
        Digest today = ledger.record(subscriber, subscriber + "|daily|today", "daily", candidates, 2, "owner", now,
                Duration.ofMinutes(2), "paperboy.local");
        assertThat(today.entries()).containsExactly(candidates.get(1), candidates.get(3));
        Digest tomorrow = ledger.record(subscriber, subscriber + "|daily|tomorrow", "daily", candidates, 2, "owner",
                now, Duration.ofMinutes(2), "paperboy.local");
        assertThat(tomorrow.entries()).containsExactly(candidates.get(4), candidates.get(5));
        assertThat(ledger.record(subscriber, subscriber + "|daily|after", "daily", candidates, 2, "owner", now,
                Duration.ofMinutes(2), "paperboy.local")).as("every candidate offered once").isNull();
    }

    @Test
    void digestsRecordedWithTheirPapersInsideAreStillSentAndOnesWhosePapersAreLostFail() throws Exception {
        String word = uniqueWord("legacy");
        String email = uniqueEmail("lena");
        subscribeAndConfirm(email, "[\"" + word + "\"]", "daily");
        String subscriber = mongo.findOne(Query.query(where("email").is(email)),
                dev.paperboy.notify.subscriptions.Subscription.class).id();
        TrendingEntry paper = paper("Legacy " + word, List.of(word), List.of("cs.OS"), List.of("L"), 2);
        Instant past = Instant.now().minusSeconds(3600);
        String legacyKey = subscriber + "|daily|legacy";
        String messageId = DeliveryLedger.messageId(legacyKey, "paperboy.local");
        // the form digests had before their papers were stored apart: the papers inside, no paper keys
        MongoCollection<Document> legacy = mongo.getCollection(LegacyStatuses.COLLECTION);
        legacy.insertOne(new Document("_id", legacyKey).append("subscriberId", subscriber)
                .append("frequency", "daily").append("entries", List.of(mongo.getConverter().convertToMongoType(paper)))
                .append("messageId", messageId).append("state", "PENDING").append("attempts", 1)
                .append("owner", "gone").append("leaseUntil", java.util.Date.from(past))
                .append("createdAt", java.util.Date.from(past)));
        String lostKey = subscriber + "|daily|lost";
        // the form of the last version: a status apart, naming papers (here lost)
        Document lost = new DigestStatus(lostKey, subscriber, "daily", List.of("2511.99999@000000000000000000000000"),
                "<lost@x>", DigestState.PENDING, 1, "gone", past, past, null).document(List.of());
        lost.remove("pairs");
        legacy.insertOne(lost.append("_class", DigestStatus.class.getName()));
        // what a new instance does at startup
        assertThat(new LegacyStatuses(legacy, mongo.getCollection(DigestRecorder.OFFERS)).moveIntoLedger())
                .isEqualTo(2);
        assertThat(legacy.countDocuments()).isZero();

        // the recovery job sends the first once and gives up the other
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> digestsTo(email).size() == 1
                && mongo.findById(lostKey, DigestStatus.class).state() == DigestState.FAILED);
        assertThat(text(digestsTo(email).getFirst())).contains("Legacy " + word);
        assertThat(digestsTo(email).getFirst().getMessageID()).isEqualTo(messageId);
        assertThat(ledger.find(legacyKey).state()).isEqualTo(DigestState.SENT);
    }
}

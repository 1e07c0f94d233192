package dev.paperboy.notify.delivery;

import com.mongodb.client.MongoCollection;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of the last version, which kept each digest's status in {@code digests} apart from its ledger document:
 * after the move at startup the digests stand where they stood (pending ones are still sent, sent ones are not
 * sent again, cancelled ones free their papers), and moving again after a crash changes nothing.
 */
class LegacyStatusesTest extends NotifyIntegrationTest {

    /** Leased well past the test, so that this JVM's recovery job leaves the pending digest alone. */
    private static final Duration LEASE = Duration.ofHours(1);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;

    @Test
    void statusesKeptApartAreMovedIntoTheLedgerOnceAndHonoured() {
        String subscriber = "legacy-" + UUID.randomUUID();
        TrendingEntry p1 = paper("L1", List.of(), List.of("cs.DB"), List.of("A"), 1);
        TrendingEntry p2 = paper("L2", List.of(), List.of("cs.DB"), List.of("A"), 2);
        TrendingEntry p3 = paper("L3", List.of(), List.of("cs.DB"), List.of("A"), 3);
        Instant now = Instant.now();
        Digest pending = record(subscriber, "|daily|pending", p1, now);
        Digest sent = record(subscriber, "|daily|sent", p2, now);
        Digest cancelled = record(subscriber, "|daily|cancelled", p3, now);
        ledger.markSent(sent, now);
        MongoCollection<Document> offers = mongo.getCollection(DigestRecorder.OFFERS);
        MongoCollection<Document> legacy = mongo.getCollection(LegacyStatuses.COLLECTION);
        splitIntoLastVersionsForm(pending.key());
        Document sentStatus = splitIntoLastVersionsForm(sent.key());
        // the last version marked it CANCELLED apart and died before removing its ledger document
        splitIntoLastVersionsForm(cancelled.key());
        legacy.updateOne(new Document("_id", cancelled.key()),
                new Document("$set", new Document("state", DigestState.CANCELLED.name())));
        // and a cancelled digest whose ledger document it did remove
        String gone = subscriber + "|instant|gone";
        legacy.insertOne(new Document("_id", gone).append("subscriberId", subscriber).append("state", "CANCELLED")
                .append("attempts", 1).append("createdAt", java.util.Date.from(now)));
        assertThat(ledger.find(pending.key())).as("no status in the ledger document yet").isNull();

        assertThat(new LegacyStatuses(legacy, offers).moveIntoLedger()).isEqualTo(4);

        assertThat(legacy.countDocuments()).isZero();
        Digest found = ledger.find(pending.key());
        assertThat(found.state()).isEqualTo(DigestState.PENDING);
        assertThat(found.entries()).containsExactly(p1);
        assertThat(found.messageId()).isEqualTo(pending.messageId());
        assertThat(found.leaseUntil())
                .isEqualTo(pending.leaseUntil().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(ledger.find(sent.key()).state()).isEqualTo(DigestState.SENT);
        assertThat(ledger.find(cancelled.key()).state()).isEqualTo(DigestState.CANCELLED);
        assertThat(mongo.findById(gone, DigestStatus.class).state()).isEqualTo(DigestState.CANCELLED);
        assertThat(offers.countDocuments(new Document("pairs", subscriber + "|" + p3.id())))
                .as("the cancelled digest's paper is free again").isZero();
        assertThat(offers.countDocuments(new Document("pairs", subscriber + "|" + p1.id()))).isOne();

        assertThat(record(subscriber, "|daily|sent", p3, now)).as("a moved key is not recorded again").isNull();
        assertThat(record(subscriber, "|instant|gone", p3, now)).as("nor is a cancelled one").isNull();
        assertThat(record(subscriber, "|daily|later", p1, now)).as("a moved paper is not offered again").isNull();
        Digest again = record(subscriber, "|daily|later", p3, now);
        assertThat(again.paperIds()).as("the cancelled digest's paper is offered again").containsExactly(p3.id());

        // a mover that died before removing the old statuses, or a second instance moving at the same time: the
        // old PENDING copy must not overwrite what the ledger document says now
        legacy.insertOne(sentStatus.append("state", DigestState.PENDING.name()));
        assertThat(new LegacyStatuses(legacy, offers).moveIntoLedger()).isOne();
        assertThat(legacy.countDocuments()).isZero();
        assertThat(ledger.find(sent.key()).state()).isEqualTo(DigestState.SENT);
        List.of(found, again).forEach(ledger::cancel);
    }

    /**
     * Turns the ledger document of {@code key} into the last version's pair of documents: the ledger document (key,
     * subscriber, pairs, paper keys, creation time) and the status apart, as Spring Data wrote it; returns the status.
     */
    private Document splitIntoLastVersionsForm(String key) {
        MongoCollection<Document> offers = mongo.getCollection(DigestRecorder.OFFERS);
        Document document = offers.find(new Document("_id", key)).first();
        Document ledgerDocument = new Document("_id", key).append("subscriberId", document.get("subscriberId"))
                .append("pairs", document.get("pairs")).append("papers", document.get("papers"))
                .append("createdAt", document.get("createdAt"));
        Document status = new Document(document);
        status.remove("pairs");
        status.append("_class", DigestStatus.class.getName());
        offers.replaceOne(new Document("_id", key), ledgerDocument);
        mongo.getCollection(LegacyStatuses.COLLECTION).insertOne(status);
        return new Document(status);
    }

    private Digest record(String subscriber, String suffix, TrendingEntry paper, Instant at) {
        return ledger.record(subscriber, subscriber + suffix, "daily", List.of(paper), 5, "test", at, LEASE,
                "paperboy.local");
    }
}

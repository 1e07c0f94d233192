package dev.paperboy.mongostandin;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Updates of top-level fields answer, count and store as MongoDB's do, whether the stand-in applies them itself
 * ({@link TopLevelFieldUpdate}) or leaves them to the library (indexed fields, other operators, nested paths).
 */
class TopLevelFieldUpdateTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> offers;

    @BeforeEach
    void start() {
        server = new MongoServer(new StandInMemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        offers = client.getDatabase("notify").getCollection("offers");
        offers.createIndex(Indexes.ascending("pairs"), new IndexOptions().unique(true));
        offers.createIndex(Indexes.ascending("state", "leaseUntil"));
        offers.insertMany(List.of(
                new Document("_id", "d1").append("pairs", List.of("s1|p1")).append("state", "PENDING")
                        .append("leaseUntil", new Date(1000)).append("attempts", 1),
                new Document("_id", "d2").append("pairs", List.of("s2|p1")).append("state", "PENDING")
                        .append("leaseUntil", new Date(1000)).append("attempts", 1),
                new Document("_id", "d3").append("pairs", List.of("s3|p1")).append("state", "SENT")
                        .append("attempts", 1)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void setAndUnsetChangeTheirFieldsOnlyAndCountWhatChanged() {
        Date sentAt = new Date(5000);
        UpdateResult first = offers.updateMany(Filters.in("_id", "d1", "d2", "d3", "missing"), Updates.combine(
                Updates.set("state", "SENT"), Updates.set("sentAt", sentAt), Updates.unset("leaseUntil")));

        assertThat(first.getMatchedCount()).isEqualTo(3);
        assertThat(first.getModifiedCount()).isEqualTo(3);
        assertThat(offers.find(Filters.eq("_id", "d1")).first()).isEqualTo(new Document("_id", "d1")
                .append("pairs", List.of("s1|p1")).append("state", "SENT").append("attempts", 1)
                .append("sentAt", sentAt));
        assertThat(offers.countDocuments(Filters.eq("state", "SENT"))).isEqualTo(3);
        assertThat(offers.countDocuments(Filters.and(Filters.eq("state", "SENT"), Filters.eq("sentAt", sentAt))))
                .as("found by the fields of a (non-unique) index").isEqualTo(3);
        assertThat(offers.countDocuments(Filters.exists("leaseUntil"))).isZero();

        // the same values again: matched, nothing modified
        UpdateResult again = offers.updateMany(Filters.in("_id", "d1", "d2"), Updates.combine(
                Updates.set("state", "SENT"), Updates.set("sentAt", sentAt), Updates.unset("leaseUntil")));
        assertThat(again.getMatchedCount()).isEqualTo(2);
        assertThat(again.getModifiedCount()).isZero();

        // an equal number of another type is a change, as in MongoDB's stored BSON
        UpdateResult retyped = offers.updateOne(Filters.eq("_id", "d1"), Updates.set("attempts", 1L));
        assertThat(retyped.getModifiedCount()).isEqualTo(1);
        assertThat(offers.find(Filters.eq("_id", "d1")).first().get("attempts")).isEqualTo(1L);
    }

    @Test
    void updateOneChangesOneDocumentAndAFilterBesideTheIdIsHonoured() {
        UpdateResult one = offers.updateOne(Filters.eq("state", "PENDING"), Updates.set("owner", "me"));
        assertThat(one.getMatchedCount()).isEqualTo(1);
        assertThat(offers.countDocuments(Filters.eq("owner", "me"))).isEqualTo(1);

        UpdateResult none = offers.updateOne(Filters.and(Filters.eq("_id", "d3"), Filters.eq("state", "PENDING")),
                Updates.set("state", "CANCELLED"));
        assertThat(none.getMatchedCount()).isZero();
        assertThat(offers.find(Filters.eq("_id", "d3")).first()).containsEntry("state", "SENT");
    }

    @Test
    void indexedFieldsOtherOperatorsAndNestedPathsKeepTheLibrarysRulesAndErrors() {
        // an indexed field: the unique index still refuses a duplicate and finds the new key
        assertThatThrownBy(() -> offers.updateOne(Filters.eq("_id", "d2"), Updates.set("pairs", List.of("s1|p1"))))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        offers.updateOne(Filters.eq("_id", "d2"), Updates.set("pairs", List.of("d2")));
        assertThat(offers.find(Filters.eq("pairs", "d2")).first()).containsEntry("_id", "d2");

        offers.updateOne(Filters.eq("_id", "d1"), Updates.combine(Updates.inc("attempts", 1),
                Updates.set("status.code", 250)));
        Document d1 = offers.find(Filters.eq("_id", "d1")).first();
        assertThat(d1).containsEntry("attempts", 2).containsEntry("status", new Document("code", 250));

        assertThatThrownBy(() -> offers.updateOne(Filters.eq("_id", "d1"), Updates.combine(
                Updates.set("state", "SENT"), Updates.unset("state"))))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("conflict");
        assertThatThrownBy(() -> offers.updateOne(Filters.eq("_id", "d1"), Updates.set("_id", "other")))
                .isInstanceOf(MongoWriteException.class);

        UpdateResult upserted = offers.updateOne(Filters.eq("_id", "d9"), Updates.set("state", "PENDING"),
                new UpdateOptions().upsert(true));
        assertThat(upserted.getUpsertedId()).isNotNull();
        assertThat(offers.find(Filters.eq("_id", "d9")).first()).containsEntry("state", "PENDING");
    }
}

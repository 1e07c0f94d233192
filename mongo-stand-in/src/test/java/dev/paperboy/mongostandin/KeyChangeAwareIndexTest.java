package dev.paperboy.mongostandin;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unique indexes (single, compound, multikey) keep their constraint whichever fields an update touches. */
class KeyChangeAwareIndexTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> ledger;

    @BeforeEach
    void start() {
        server = new MongoServer(new StandInMemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        ledger = client.getDatabase("notify").getCollection("offers");
        ledger.createIndex(Indexes.ascending("pairs"), new IndexOptions().unique(true));
        ledger.createIndex(Indexes.ascending("owner", "slot"), new IndexOptions().unique(true).sparse(true));
        ledger.insertMany(List.of(
                new Document("_id", "d1").append("pairs", List.of("s1|p1", "s1|p2")).append("state", "PENDING"),
                new Document("_id", "d2").append("pairs", List.of("s2|p1")).append("state", "PENDING")));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anUpdateOfOtherFieldsKeepsTheDocumentFindableByItsKeys() {
        ledger.updateOne(Filters.eq("_id", "d1"), Updates.set("state", "SENT"));

        assertThat(ledger.find(Filters.eq("pairs", "s1|p2")).first()).containsEntry("state", "SENT");
        assertThatThrownBy(() -> ledger.insertOne(new Document("_id", "d3").append("pairs", List.of("s1|p1"))))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
    }

    @Test
    void anUpdateThatChangesAKeyIsCheckedAndMaintained() {
        assertThatThrownBy(() -> ledger.updateOne(Filters.eq("_id", "d2"), Updates.push("pairs", "s1|p2")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");

        ledger.updateOne(Filters.eq("_id", "d1"), Updates.set("pairs", List.of("d1")));
        ledger.insertOne(new Document("_id", "d3").append("pairs", List.of("s1|p1", "s1|p2")));

        assertThat(ledger.find(Filters.eq("pairs", "s1|p1")).map(d -> d.getString("_id")).into(new ArrayList<>()))
                .containsExactly("d3");
        assertThat(ledger.find(Filters.eq("pairs", "s2|p1")).first()).containsEntry("_id", "d2");
    }

    @Test
    void aCompoundKeyIsCheckedWhenOnlyOneOfItsFieldsChanges() {
        ledger.updateOne(Filters.eq("_id", "d1"), Updates.combine(Updates.set("owner", "a"), Updates.set("slot", 1)));
        ledger.updateOne(Filters.eq("_id", "d2"), Updates.combine(Updates.set("owner", "a"), Updates.set("slot", 2)));

        assertThatThrownBy(() -> ledger.updateOne(Filters.eq("_id", "d2"), Updates.set("slot", 1)))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> ledger.insertMany(List.of(new Document("_id", "d4").append("owner", "a")
                .append("slot", 2)), new InsertManyOptions())).isInstanceOf(MongoBulkWriteException.class);
        ledger.updateOne(Filters.eq("_id", "d2"), Updates.unset("owner"));
        ledger.insertOne(new Document("_id", "d5").append("owner", "a").append("slot", 2));
        assertThat(ledger.countDocuments(Filters.eq("owner", "a"))).isEqualTo(2);
    }

    /** The _id index alone says where an updated document is; the other indexes still find it to remove it. */
    @Test
    void aDocumentUpdatedManyTimesIsRemovedFromEveryIndex() {
        for (String state : List.of("CLAIMED", "SENT", "ARCHIVED")) {
            ledger.updateMany(Filters.in("_id", List.of("d1", "d2")), Updates.set("state", state));
        }
        ledger.updateOne(Filters.eq("_id", "d1"), Updates.push("pairs", "s1|p3"));
        ledger.deleteOne(Filters.eq("_id", "d1"));

        ledger.insertOne(new Document("_id", "d6").append("pairs", List.of("s1|p1", "s1|p2", "s1|p3")));
        assertThat(ledger.find(Filters.eq("pairs", "s1|p3")).first()).containsEntry("_id", "d6");
        assertThat(ledger.find(Filters.eq("_id", "d2")).first()).containsEntry("state", "ARCHIVED");
    }
}

package dev.paperboy.mongostandin;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An unwatched database's writes stay out of the oplog; a watched one's change streams see everything. */
class WatchedDatabasesOplogTest {

    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(new StandInMemoryBackend(Set.of("notify")));
        server.enableOplog();
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aWatchedDatabaseStreamsEveryChangeAndAnUnwatchedOneWritesNoEntry() {
        var papers = client.getDatabase("catalog").getCollection("papers");
        var offers = client.getDatabase("notify").getCollection("offers");
        try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream =
                     papers.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            papers.insertOne(new Document("_id", "p1").append("upvotes", 1));
            offers.insertOne(new Document("_id", "d1").append("state", "PENDING"));
            offers.updateOne(Filters.eq("_id", "d1"), Updates.set("state", "SENT"));
            papers.updateOne(Filters.eq("_id", "p1"), Updates.inc("upvotes", 1));
            List<String> changes = new ArrayList<>();
            changes.add(describe(stream.next()));
            changes.add(describe(stream.next())); // looked up while p1 still exists
            offers.deleteOne(Filters.eq("_id", "d1"));
            papers.deleteOne(Filters.eq("_id", "p1"));
            changes.add(describe(stream.next()));
            assertThat(changes).containsExactly("insert p1 1", "update p1 2", "delete p1");
        }
        List<String> logged = client.getDatabase("local").getCollection("oplog.rs").find()
                .map(entry -> entry.getString("ns")).into(new ArrayList<>());
        assertThat(logged).containsOnly("catalog.papers").hasSize(3);
        assertThat(offers.countDocuments()).isZero();
    }

    /** The library's update events carry the update as their documentKey: the id is read from the document. */
    private static String describe(ChangeStreamDocument<Document> change) {
        return change.getOperationTypeString() + " " + (change.getFullDocument() == null
                ? change.getDocumentKey().getString("_id").getValue()
                : change.getFullDocument().get("_id") + " " + change.getFullDocument().get("upvotes"));
    }

    @Test
    void aChangeStreamOnAnUnwatchedDatabaseFailsInsteadOfStayingEmpty() {
        var offers = client.getDatabase("notify").getCollection("offers");

        assertThatThrownBy(() -> offers.watch().cursor())
                .isInstanceOfSatisfying(MongoCommandException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(WatchedDatabasesOplog.CHANGE_STREAM_NOT_ENABLED));
    }

    @Test
    void everyDatabaseIsWatchedByDefault() {
        MongoServer all = new MongoServer(new StandInMemoryBackend());
        all.enableOplog();
        try (MongoClient other = MongoClients.create(all.bindAndGetConnectionString())) {
            other.getDatabase("notify").getCollection("offers").insertOne(new Document("_id", "d1"));

            assertThat(other.getDatabase("local").getCollection("oplog.rs").countDocuments()).isEqualTo(1);
        } finally {
            all.shutdownNow();
        }
    }
}

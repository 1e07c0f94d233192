package dev.paperboy.mongostandin;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change stream opened with {@code fullDocument: updateLookup} gets, with each update event, the document as it is
 * when the event is read, or none if it was deleted since: as MongoDB answers, on both backends.
 */
class ChangeStreamLookupTest {

    @TempDir
    Path directory;

    private MongoServer server;
    private MongoClient client;

    private MongoCollection<Document> start(String backend, String collection) {
        MongoBackend chosen = "h2".equals(backend) ? new StandInH2Backend(directory.resolve("db.mv").toString())
                : new StandInMemoryBackend();
        server = new MongoServer(chosen);
        server.enableOplog();
        var address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        return client.getDatabase("lookup").getCollection(collection);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void anUpdateEventCarriesTheDocumentAsItIsNow(String backend) {
        MongoCollection<Document> papers = start(backend, "papers");
        try (var changes = papers.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            papers.insertOne(new Document("_id", "p1").append("title", "Attention").append("upvotes", 1));
            papers.insertOne(new Document("_id", "p2").append("title", "Diffusion").append("upvotes", 5));
            papers.updateOne(Filters.eq("_id", "p1"), Updates.set("upvotes", 2));
            papers.updateOne(Filters.eq("_id", "p1"), Updates.set("upvotes", 3));

            List<ChangeStreamDocument<Document>> events = read(changes, 4);

            assertThat(events).extracting(e -> e.getOperationType().getValue())
                    .containsExactly("insert", "insert", "update", "update");
            // both updates read after the second: the whole document, with every field, as it is now
            assertThat(events.get(2).getFullDocument())
                    .isEqualTo(new Document("_id", "p1").append("title", "Attention").append("upvotes", 3));
            assertThat(events.get(3).getFullDocument()).isEqualTo(events.get(2).getFullDocument());
            assertThat(events.get(2).getDocumentKey()).isEqualTo(new BsonDocument("_id", new BsonString("p1")));
            assertThat(events.get(1).getFullDocument().getString("title")).isEqualTo("Diffusion");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void anUpdateOfADocumentDeletedSinceCarriesNone(String backend) {
        MongoCollection<Document> papers = start(backend, "papers");
        try (var changes = papers.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            papers.insertOne(new Document("_id", "gone").append("upvotes", 1));
            papers.updateOne(Filters.eq("_id", "gone"), Updates.set("upvotes", 2));
            papers.deleteOne(Filters.eq("_id", "gone"));

            List<ChangeStreamDocument<Document>> events = read(changes, 3);

            assertThat(events.get(1).getOperationType().getValue()).isEqualTo("update");
            assertThat(events.get(1).getFullDocument()).isNull(); // the library had put {upvotes: 2} there
            assertThat(events.get(2).getOperationType().getValue()).isEqualTo("delete");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aCollectionWithADotInItsNameIsLookedUpWhole(String backend) {
        MongoCollection<Document> papers = start(backend, "papers.v1");
        try (var changes = papers.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            papers.insertOne(new Document("_id", "p1").append("title", "Attention").append("upvotes", 1));
            papers.updateOne(Filters.eq("_id", "p1"), Updates.set("upvotes", 2));

            List<ChangeStreamDocument<Document>> events = read(changes, 2);

            assertThat(events.get(1).getFullDocument())
                    .isEqualTo(new Document("_id", "p1").append("title", "Attention").append("upvotes", 2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aStreamWithLaterStagesStillMatchesOnTheLookedUpDocument(String backend) {
        MongoCollection<Document> papers = start(backend, "papers");
        var popular = List.of(Aggregates.match(Filters.gte("fullDocument.upvotes", 10)));
        try (var changes = papers.watch(popular).fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            papers.insertOne(new Document("_id", "p1").append("title", "Attention").append("upvotes", 1));
            papers.updateOne(Filters.eq("_id", "p1"), Updates.set("title", "Attention!"));
            papers.updateOne(Filters.eq("_id", "p1"), Updates.set("upvotes", 12));

            List<ChangeStreamDocument<Document>> events = read(changes, 2);

            assertThat(events).allSatisfy(e -> {
                assertThat(e.getOperationType().getValue()).isEqualTo("update");
                assertThat(e.getFullDocument().getString("title")).isEqualTo("Attention!");
            });
        }
    }

    private static List<ChangeStreamDocument<Document>> read(
            MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes, int count) {
        List<ChangeStreamDocument<Document>> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.size() < count && System.nanoTime() < deadline) {
            ChangeStreamDocument<Document> event = changes.tryNext();
            if (event != null) {
                events.add(event);
            }
        }
        assertThat(events).hasSize(count);
        return events;
    }
}

package dev.paperboy.mongostandin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read's copy shares its nested documents and arrays with the stored document ({@link SnapshotReadsCollection}
 * copies the top level only): that holds only while no update changes a stored nested value in place. Each update
 * operator that reaches into nested values is applied after a read, and the read must still show what it read.
 */
class SnapshotCopiesTest {

    private StandInMemoryBackend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<org.bson.Document> papers;

    @BeforeEach
    void start() {
        backend = new StandInMemoryBackend();
        server = new MongoServer(backend);
        client = MongoClients.create(server.bindAndGetConnectionString());
        papers = client.getDatabase("snapshots").getCollection("papers");
        papers.insertOne(new org.bson.Document("_id", "p1")
                .append("stats", new org.bson.Document("upvotes", 1).append("views", 10))
                .append("authors", List.of("Ada", "Alan"))
                .append("versions", List.of(new org.bson.Document("v", 1).append("size", 100))));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private Document readDirectly() {
        var collection = backend.resolveDatabase("snapshots").resolveCollection("papers", false);
        return collection.handleQuery(new Document("_id", "p1"), 0, 0).iterator().next();
    }

    @Test
    void aReadKeepsItsNestedValuesWhateverUpdatesFollow() {
        Document read = readDirectly();

        papers.updateOne(Filters.eq("_id", "p1"), Updates.combine(Updates.inc("stats.upvotes", 1),
                Updates.set("stats.views", 11), Updates.push("authors", "Grace"),
                Updates.set("versions.0.size", 200)));
        papers.updateOne(Filters.eq("_id", "p1"), Updates.combine(Updates.pull("authors", "Ada"),
                Updates.unset("stats.views"), Updates.addToSet("versions", new org.bson.Document("v", 2))));
        papers.updateOne(Filters.and(Filters.eq("_id", "p1"), Filters.eq("authors", "Alan")),
                Updates.set("authors.$", "Alan T."));

        assertThat(read.get("stats")).isEqualTo(new Document("upvotes", 1).append("views", 10));
        assertThat(read.get("authors")).isEqualTo(List.of("Ada", "Alan"));
        assertThat(read.get("versions")).isEqualTo(List.of(new Document("v", 1).append("size", 100)));
        org.bson.Document stored = papers.find(Filters.eq("_id", "p1")).first();
        assertThat(stored.get("stats", org.bson.Document.class)).isEqualTo(new org.bson.Document("upvotes", 2));
        assertThat(stored.getList("authors", String.class)).containsExactly("Alan T.", "Grace");
        assertThat(stored.getList("versions", org.bson.Document.class)).containsExactly(
                new org.bson.Document("v", 1).append("size", 200), new org.bson.Document("v", 2));
    }

    @Test
    void aReadKeepsItsValuesWhenTheDocumentIsReplaced() {
        Document read = readDirectly();

        papers.replaceOne(Filters.eq("_id", "p1"), new org.bson.Document("stats", new org.bson.Document("upvotes", 5)));

        assertThat(read.get("stats")).isEqualTo(new Document("upvotes", 1).append("views", 10));
        assertThat(read.get("authors")).isEqualTo(List.of("Ada", "Alan"));
    }
}

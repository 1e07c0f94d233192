package dev.paperboy.mongostandin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Index;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Filters with an _id condition beside others: the same answers as a scan, found through the _id index. */
class IdFirstPlanTest {

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }

    @Test
    void aConditionalUpdateChangesOnlyTheDocumentAtTheExpectedRevision() {
        MongoCollection<Document> papers = collection(new StandInMemoryBackend());
        papers.insertMany(List.of(paper("a", 1), paper("b", 1), paper("c", 2)));

        long stale = papers.updateOne(new Document("_id", "a").append("_rev", 0), Updates.set("title", "x"))
                .getModifiedCount();
        long current = papers.updateOne(new Document("_id", "a").append("_rev", 1),
                Updates.combine(Updates.set("title", "x"), Updates.inc("_rev", 1))).getModifiedCount();

        assertThat(stale).isZero();
        assertThat(current).isOne();
        assertThat(papers.find(Filters.eq("title", "x")).map(d -> d.getString("_id")).into(new ArrayList<>()))
                .containsExactly("a");
        assertThat(papers.find(Filters.eq("_id", "a")).first()).containsEntry("_rev", 2);
    }

    @Test
    void inListsAndOtherConditionsAreMatchedInFull() {
        MongoCollection<Document> papers = collection(new StandInMemoryBackend());
        papers.insertMany(List.of(paper("a", 1), paper("b", 2), paper("c", 2), paper("d", 2)));

        List<String> found = papers.find(new Document("_id", new Document("$in", List.of("a", "b", "c", "z")))
                .append("_rev", 2)).map(d -> d.getString("_id")).into(new ArrayList<>());
        long notDeleted = papers.deleteMany(new Document("_id", "d").append("_rev", new Document("$gt", 5)))
                .getDeletedCount();
        long deleted = papers.deleteMany(new Document("_id", new Document("$in", List.of("a", "d")))
                .append("_rev", 2)).getDeletedCount();

        List<String> foundThroughAnd = papers.find(Filters.and(Filters.in("_id", "a", "b", "c"),
                Filters.gte("_rev", 2))).map(d -> d.getString("_id")).into(new ArrayList<>());

        assertThat(found).containsExactlyInAnyOrder("b", "c");
        assertThat(foundThroughAnd).containsExactlyInAnyOrder("b", "c");
        assertThat(notDeleted).isZero();
        assertThat(deleted).isOne();
        assertThat(papers.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void everyCollectionPlansSuchFiltersOnItsIdIndex() {
        StandInMemoryBackend backend = new StandInMemoryBackend();
        collection(backend).insertOne(paper("a", 1));

        assertThat(plan(backend).canHandle(new de.bwaldvogel.mongo.bson.Document("_id", "a").append("_rev", 1)))
                .isTrue();
        assertThat(plan(backend).canHandle(new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("_id", "a"),
                new de.bwaldvogel.mongo.bson.Document("_rev", 1))))).isTrue();
        // A range on _id is no lookup: scanned, as before.
        assertThat(plan(backend).canHandle(new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$gt", "a")).append("_rev", 1))).isFalse();
    }

    @Test
    void aDroppedCollectionOrDatabaseCanBeCreatedAgain() {
        StandInMemoryBackend backend = new StandInMemoryBackend();
        MongoCollection<Document> papers = collection(backend);
        papers.insertOne(paper("a", 1));

        papers.drop();
        papers.insertOne(paper("b", 1));
        long updated = papers.updateOne(new Document("_id", "b").append("_rev", 1), Updates.set("_rev", 2))
                .getModifiedCount();
        MongoClient client = clients.getLast();
        client.getDatabase("catalog").drop();
        papers.insertOne(paper("c", 1));

        assertThat(updated).isOne();
        assertThat(papers.find().map(d -> d.getString("_id")).into(new ArrayList<>())).containsExactly("c");
        assertThat(plan(backend)).isNotNull();
    }

    @Test
    void aCollectionReopenedFromItsFileIsPlannedTheSameWay(@TempDir Path dir) {
        String file = dir.resolve("stand-in.mv").toString();
        StandInH2Backend first = new StandInH2Backend(file);
        collection(first).insertMany(List.of(paper("a", 1), paper("b", 1)));
        servers.removeLast().shutdownNow();

        StandInH2Backend reopened = new StandInH2Backend(file);
        MongoCollection<Document> papers = collection(reopened);
        long updated = papers.updateOne(new Document("_id", "b").append("_rev", 1), Updates.set("_rev", 2))
                .getModifiedCount();
        long deleted = papers.deleteOne(new Document("_id", "a").append("_rev", 1)).getDeletedCount();
        papers.deleteMany(new Document("title", "t-b"));

        assertThat(updated).isOne();
        assertThat(deleted).isOne();
        assertThat(papers.countDocuments()).isZero();
        assertThat(plan(reopened).canHandle(new de.bwaldvogel.mongo.bson.Document("_id", "b").append("_rev", 2)))
                .isTrue();
        papers.insertOne(paper("b", 3));
        assertThat(papers.countDocuments(new Document("_id", "b").append("_rev", 3))).isOne();
    }

    private MongoCollection<Document> collection(MongoBackend backend) {
        MongoServer server = new MongoServer(backend);
        servers.add(server);
        MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
        clients.add(client);
        return client.getDatabase("catalog").getCollection("papers");
    }

    private static Index<?> plan(MongoBackend backend) {
        return backend.resolveDatabase("catalog").resolveCollection("papers", true).getIndexes().stream()
                .filter(index -> index instanceof IdFirstPlan<?>).findFirst().orElseThrow();
    }

    private static Document paper(String id, int rev) {
        return new Document("_id", id).append("_rev", rev).append("title", "t-" + id);
    }
}

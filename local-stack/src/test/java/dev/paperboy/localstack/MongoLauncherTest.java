package dev.paperboy.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonDocument;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MongoLauncherTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void keepsADocumentAcrossARestartWithTheH2File() throws Exception {
        int port = FreePorts.next();
        Path file = dir.resolve("mongo").resolve("paperboy.mv");

        try (MongoLauncher mongo = new MongoLauncher(file, "localhost", port).start();
             var client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("catalog").getCollection("papers")
                    .insertOne(new Document("_id", "2401.00001").append("title", "Kept"));
        }
        assertThat(file).exists();

        try (MongoLauncher mongo = new MongoLauncher(file, "localhost", port).start();
             var client = MongoClients.create(mongo.connectionString())) {
            Document doc = client.getDatabase("catalog").getCollection("papers")
                    .find(new Document("_id", "2401.00001")).first();
            assertThat(doc).isNotNull();
            assertThat(doc.getString("title")).isEqualTo("Kept");
        }
    }

    private static MongoLauncher capped(Path file, int port) {
        return new MongoLauncher(file, "localhost", port, 50, 30);
    }

    /** The oplog's size once a trim (on its own thread) is done: at most the cap (or the last size seen). */
    private static long trimmedOplogSize(MongoClient client) {
        MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
        try {
            return await().atMost(Duration.ofSeconds(10)).until(oplog::countDocuments, size -> size <= 50);
        } catch (ConditionTimeoutException e) {
            return oplog.countDocuments();
        }
    }

    private static String nextId(MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream) {
        ChangeStreamDocument<Document> change = stream.tryNext();
        return change == null ? null : change.getDocumentKey().getString("_id").getValue();
    }

    @Test
    @Timeout(60)
    void aCappedOplogKeepsAFollowingChangeStreamWhole() throws Exception {
        try (MongoLauncher mongo = capped(dir.resolve("capped.mv"), FreePorts.next()).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> papers = client.getDatabase("catalog").getCollection("papers");
            List<String> seen = new ArrayList<>();
            try (var stream = papers.watch().cursor()) {
                for (int i = 0; i < 200; i++) {
                    papers.insertOne(new Document("_id", "p" + i));
                    for (String id = nextId(stream); id != null; id = nextId(stream)) {
                        seen.add(id);
                    }
                }
            }
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                written.add("p" + i);
            }
            assertThat(seen).isEqualTo(written);
            assertThat(trimmedOplogSize(client)).isLessThanOrEqualTo(50);
        }
    }

    @Test
    @Timeout(60)
    void aChangeStreamThatNeedsTrimmedHistoryFailsAsOnRealMongoDb() throws Exception {
        Path file = dir.resolve("history.mv");
        int port = FreePorts.next();
        BsonDocument early;
        BsonDocument recent;
        try (MongoLauncher mongo = capped(file, port).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> papers = client.getDatabase("catalog").getCollection("papers");
            try (var stream = papers.watch().cursor()) {
                papers.insertOne(new Document("_id", "first"));
                assertThat(nextId(stream)).isEqualTo("first");
                early = stream.getResumeToken();
            }
            try (var behind = papers.watch().cursor()) {
                assertThat(behind.tryNext()).isNull(); // open, then reads nothing while the oplog is trimmed
                for (int i = 0; i < 100; i++) {
                    papers.insertOne(new Document("_id", "p" + i));
                }
                assertThat(trimmedOplogSize(client)).isLessThanOrEqualTo(50);
                assertThatThrownBy(behind::tryNext).isInstanceOfSatisfying(MongoException.class,
                        e -> assertThat(e.getCode()).isEqualTo(CappedOplog.HISTORY_LOST));
            }
            assertThatThrownBy(() -> papers.watch().resumeAfter(early).cursor().tryNext())
                    .isInstanceOfSatisfying(MongoException.class,
                            e -> assertThat(e.getCode()).isEqualTo(CappedOplog.HISTORY_LOST));
            try (var stream = papers.watch().cursor()) {
                papers.insertOne(new Document("_id", "last"));
                assertThat(nextId(stream)).isEqualTo("last");
                recent = stream.getResumeToken();
            }
            papers.insertOne(new Document("_id", "after"));
        }

        // the oplog file is kept: a recent token resumes, one from before what it holds still does not
        try (MongoLauncher mongo = capped(file, port).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> papers = client.getDatabase("catalog").getCollection("papers");
            try (var stream = papers.watch().resumeAfter(recent).cursor()) {
                assertThat(nextId(stream)).isEqualTo("after");
            }
            assertThatThrownBy(() -> papers.watch().resumeAfter(early).cursor().tryNext())
                    .isInstanceOfSatisfying(MongoException.class,
                            e -> assertThat(e.getCode()).isEqualTo(CappedOplog.HISTORY_LOST));
        }
    }

    /** Ingest and notify read no change stream: their writes stay out of the capped oplog, the catalog's go in. */
    @Test
    @Timeout(60)
    void onlyTheCatalogsWritesGoToTheOplog() throws Exception {
        try (MongoLauncher mongo = new MongoLauncher(dir.resolve("watched.mv"), "localhost", FreePorts.next()).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> papers = client.getDatabase("catalog").getCollection("papers");
            try (var stream = papers.watch().cursor()) {
                client.getDatabase("notify").getCollection("offers").insertOne(new Document("_id", "d1"));
                client.getDatabase("ingest").getCollection("papers").insertOne(new Document("_id", "p0"));
                papers.insertOne(new Document("_id", "p1"));
                assertThat(nextId(stream)).isEqualTo("p1");
            }
            assertThat(client.getDatabase("local").getCollection("oplog.rs").distinct("ns", String.class)
                    .into(new ArrayList<>())).containsExactly("catalog.papers");
            assertThatThrownBy(() -> client.getDatabase("notify").getCollection("offers").watch().cursor())
                    .isInstanceOfSatisfying(MongoException.class, e -> assertThat(e.getCode()).isEqualTo(40573));
        }
    }
}

package dev.paperboy.mongostandin;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A find without a batch size comes in MongoDB's batches (101 documents, then up to 16 MiB per getMore), so a read
 * of more than the driver's 48 MB reply limit works; a batch size or a single batch asked for is kept.
 */
class FindBatchesTest {

    /** The number of documents in each reply to a find or getMore, in order. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @Test
    void aFindOfMoreThanOneReplyCanHoldComesInMongoDbsBatches() {
        withCollection(new StandInMemoryBackend(), papers -> {
            String text = "x".repeat(200_000);
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                documents.add(new Document("_id", i).append("text", text));
            }
            for (int from = 0; from < documents.size(); from += 50) {
                papers.insertMany(documents.subList(from, from + 50));
            }
            batches.clear();

            // 60 MB: one reply would pass the driver's 48 MB limit
            List<Integer> ids = new ArrayList<>();
            papers.find().forEach(document -> ids.add(document.getInteger("_id")));

            assertThat(ids).hasSize(300).doesNotHaveDuplicates();
            assertThat(batches.getFirst()).isEqualTo(101);
            // 16 MiB of 200 kB documents: 83 per getMore
            assertThat(batches.subList(1, batches.size())).containsExactly(83, 83, 33);
        });
    }

    @Test
    void aBatchSizeOrASingleBatchAskedForIsKept() {
        withCollection(new StandInMemoryBackend(), papers -> {
            insertSmall(papers, 250);

            batches.clear();
            assertThat(papers.find().batchSize(60).into(new ArrayList<>())).hasSize(250);
            assertThat(batches).containsExactly(60, 60, 60, 60, 10);

            batches.clear();
            assertThat(papers.find().limit(-150).into(new ArrayList<>())).hasSize(150);
            assertThat(batches).containsExactly(150);

            batches.clear();
            assertThat(papers.find().limit(120).into(new ArrayList<>())).hasSize(120);
            assertThat(batches).containsExactly(101, 19);
        });
    }

    @Test
    void theFileBackendPagesTheSameWay(@TempDir Path directory) {
        withCollection(new StandInH2Backend(directory.resolve("stand-in.mv").toString(), Set.of()), papers -> {
            insertSmall(papers, 250);
            batches.clear();

            assertThat(papers.find().into(new ArrayList<>())).hasSize(250);
            assertThat(batches).containsExactly(101, 149);
        });
    }

    /** The oplog is a collection of its own kind in each backend; a read of all of it pages as well. */
    @Test
    void theOplogPagesInBothBackends(@TempDir Path directory) {
        for (MongoBackend backend : List.of(new StandInMemoryBackend(),
                new StandInH2Backend(directory.resolve("stand-in.mv").toString(), Set.of()))) {
            backend.enableOplog();
            withClient(backend, client -> {
                insertSmall(client.getDatabase("catalog").getCollection("papers"), 250);
                batches.clear();

                List<Document> entries = client.getDatabase("local").getCollection("oplog.rs").find()
                        .into(new ArrayList<>());
                assertThat(entries).hasSizeGreaterThanOrEqualTo(250);
                assertThat(batches).hasSizeGreaterThan(1).first().isEqualTo(FindBatches.FIRST_BATCH);
            });
        }
    }

    private static void insertSmall(MongoCollection<Document> papers, int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new Document("_id", i).append("title", "paper " + i));
        }
        papers.insertMany(documents);
    }

    private void withCollection(MongoBackend backend, java.util.function.Consumer<MongoCollection<Document>> test) {
        withClient(backend, client -> test.accept(client.getDatabase("notify").getCollection("papers")));
    }

    private void withClient(MongoBackend backend, java.util.function.Consumer<MongoClient> test) {
        MongoServer server = new MongoServer(backend);
        CommandListener listener = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                BsonDocument cursor = event.getResponse().getDocument("cursor", null);
                if (cursor != null) {
                    String batch = event.getCommandName().equals("find") ? "firstBatch" : "nextBatch";
                    batches.add(cursor.getArray(batch).size());
                }
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(listener).build())) {
            test.accept(client);
        } finally {
            server.shutdownNow();
        }
    }
}

package dev.paperboy.mongostandin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** collStats and dbStats report the BSON bytes of the documents stored now, counted when asked ({@link DataSizes}). */
class DataSizesTest {

    @TempDir
    Path dir;

    @Test
    void memoryBackendReportsTheSizeOfWhatIsStored() {
        checkSizes(new StandInMemoryBackend());
    }

    @Test
    void h2BackendReportsTheSizeOfWhatIsStored() {
        checkSizes(new StandInH2Backend(dir.resolve("sizes.mv").toString()));
    }

    private static void checkSizes(MongoBackend backend) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoDatabase database = client.getDatabase("sizes");
            var papers = database.getCollection("papers");
            papers.insertMany(IntStream.range(0, 20).mapToObj(i -> new Document("_id", "p" + i)
                    .append("title", "Paper " + i).append("upvotes", i)).toList());
            papers.updateOne(Filters.eq("_id", "p3"), Updates.set("abstract", "x".repeat(5_000)));
            papers.deleteOne(Filters.eq("_id", "p4"));
            papers.replaceOne(Filters.eq("_id", "p5"), new Document("title", "short"));

            long stored = StreamSupport.stream(papers.withDocumentClass(RawBsonDocument.class).find().spliterator(),
                    false).mapToLong(document -> document.getByteBuffer().remaining()).sum();
            Document collStats = database.runCommand(new Document("collStats", "papers"));
            Document dbStats = database.runCommand(new Document("dbStats", 1));

            assertThat(stored).isGreaterThan(5_000);
            assertThat(collStats.get("size", Number.class).longValue()).isEqualTo(stored);
            assertThat(collStats.get("count", Number.class).longValue()).isEqualTo(19);
            assertThat(collStats.get("avgObjSize", Number.class).longValue()).isEqualTo(stored / 19);
            assertThat(dbStats.get("dataSize", Number.class).longValue()).isEqualTo(stored);
        } finally {
            server.shutdownNow();
        }
    }
}

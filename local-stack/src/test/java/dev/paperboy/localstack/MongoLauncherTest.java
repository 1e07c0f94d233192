package dev.paperboy.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.mongodb.client.MongoClients;
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
}

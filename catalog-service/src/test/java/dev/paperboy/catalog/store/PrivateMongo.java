package dev.paperboy.catalog.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import dev.paperboy.mongostandin.StandInMemoryBackend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A fresh in-memory Mongo-wire server per test, for store tests that need a database nobody else touched (no
 * indexes, no other writers). Register with {@code @RegisterExtension final PrivateMongo mongo = new PrivateMongo();}.
 */
final class PrivateMongo implements BeforeEachCallback, AfterEachCallback {

    private MongoServer server;
    private MongoClient client;

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new MongoServer(new StandInMemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
        server.shutdownNow();
    }

    MongoTemplate template(String database) {
        return new MongoTemplate(client, database);
    }
}

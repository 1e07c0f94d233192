package dev.paperboy.catalog.rebuild;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import dev.paperboy.mongostandin.StandInH2Backend;
import dev.paperboy.catalog.CatalogApplication;
import dev.paperboy.catalog.CatalogTest;
import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Topics;
import dev.paperboy.testsupport.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.paperboy.catalog.CatalogTestSupport.awaitConsumed;
import static dev.paperboy.catalog.CatalogTestSupport.admin;
import static dev.paperboy.catalog.CatalogTestSupport.consumedEverything;
import static dev.paperboy.catalog.CatalogTestSupport.id;
import static dev.paperboy.catalog.CatalogTestSupport.paper;
import static dev.paperboy.catalog.CatalogTestSupport.publish;
import static dev.paperboy.catalog.CatalogTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second catalog instance in rebuild mode (new consumer group, empty database on its own Mongo-wire server with
 * a file store) replays papers.v1 and must end equal to the live catalog; then its MongoDB goes down while events
 * arrive, and nothing is lost or dead-lettered once it is back.
 */
@CatalogTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildAndOutageTest {

    private static final int RANGE = 4;
    private static final Instant T0 = Instant.parse("2025-12-11T08:00:00Z");
    private static final String GROUP = "catalog-rebuild-" + UUID.randomUUID();

    private static Path dataDir;
    private static int port;
    private static MongoServer server;
    private static ConfigurableApplicationContext rebuild;
    private static MongoClient client;

    @Autowired
    PaperStore liveStore;

    @BeforeAll
    static void startRebuildInstance() throws IOException {
        dataDir = Files.createTempDirectory("catalog-rebuild");
        port = freePort();
        server = startServer();
        client = MongoClients.create("mongodb://localhost:" + port);
    }

    @AfterAll
    static void stop() {
        if (rebuild != null) {
            rebuild.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void theRebuiltCatalogEqualsTheLiveOne() {
        // the live catalog (shared test context) has papers with history, redeliveries and out-of-order versions
        List<PaperEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = id(RANGE, i);
            events.add(paper(id, 2, i, T0.plusSeconds(i)));
            events.add(paper(id, 1, i + 100, T0.plusSeconds(3600 + i)));  // older version, later: not applied
            events.add(paper(id, 2, i + 5, T0.plusSeconds(7200 + i)));    // newer observation
            events.add(paper(id, 2, i + 5, T0.plusSeconds(7200 + i)));    // redelivery
        }
        publish(events.toArray(PaperEvent[]::new));
        // command-line arguments: they win over application.yml (builder properties would not)
        rebuild = new SpringApplicationBuilder(CatalogApplication.class).run(
                "--spring.mongodb.uri=mongodb://localhost:" + port
                        + "/catalog-rebuild?serverSelectionTimeoutMS=1000&connectTimeoutMS=500",
                "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                "--paperboy.catalog.consumer-group=" + GROUP,
                "--paperboy.catalog.rebuild.enabled=true",
                "--paperboy.catalog.trending.enabled=false",
                "--paperboy.catalog.search.index-dir=" + dataDir.resolve("index"),
                "--server.port=0");

        CatalogRebuild rebuildStatus = rebuild.getBean(CatalogRebuild.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> rebuildStatus.status() == CatalogRebuild.Status.COMPLETE);
        awaitConsumed("catalog");

        Map<String, Document> rebuilt = comparable(papers().find());
        Map<String, Document> live = new HashMap<>();
        for (String id : rebuilt.keySet()) {
            liveStore.find(id).ifPresent(doc -> live.put(id, withoutBookkeeping(doc)));
        }
        for (int i = 0; i < 30; i++) {
            assertThat(rebuilt).containsKey(id(RANGE, i));
        }
        assertThat(rebuilt.get(id(RANGE, 7)).getInteger(PaperFields.UPVOTES)).isEqualTo(12);
        assertThat(rebuilt.get(id(RANGE, 7)).getInteger(PaperFields.VERSION)).isEqualTo(2);
        // every paper of the replayed topic, field by field, history included
        assertThat(rebuilt).isEqualTo(live);
    }

    @Test
    @Order(2)
    void aMongoOutageLosesNothingAndDeadLettersNothing() throws Exception {
        assertThat(rebuild).as("the rebuild instance of the previous step").isNotNull();
        await().atMost(Duration.ofSeconds(120)).until(() -> consumedEverything(GROUP));
        server.shutdownNow();

        String during1 = id(RANGE, 500);
        String during2 = id(RANGE, 501);
        publish(paper(during1, 1, 1, T0), paper(during2, 1, 2, T0, LocalDate.of(2025, 12, 12), "During"));
        try (Admin admin = admin()) {
            // while MongoDB is down the batch is retried, and its offsets are not committed
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> !consumedEverything(admin, GROUP));
        }

        server = startServer();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(papers().find(Filters.eq("_id", during1)).first()).isNotNull();
            assertThat(papers().find(Filters.eq("_id", during2)).first()).isNotNull();
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything(GROUP));
        // what was stored before the outage is still there
        assertThat(papers().find(Filters.eq("_id", id(RANGE, 7))).first()).isNotNull();
        assertThat(readAll(Topics.PAPERS_DLQ, 0)).noneMatch(r -> during1.equals(r.key()) || during2.equals(r.key()));
    }

    private static MongoCollection<Document> papers() {
        return client.getDatabase("catalog-rebuild").getCollection(PaperFields.COLLECTION);
    }

    private static MongoServer startServer() {
        MongoServer started = new MongoServer(new StandInH2Backend(dataDir.resolve("mongo.mv").toString()));
        started.enableOplog();
        started.bind("localhost", port);
        return started;
    }

    private static Map<String, Document> comparable(Iterable<Document> docs) {
        Map<String, Document> out = new HashMap<>();
        for (Document doc : docs) {
            out.put(doc.get("_id").toString(), withoutBookkeeping(doc));
        }
        return out;
    }

    /**
     * The write counter and write time depend on batching, and a replay is traced as its own work; everything else
     * must be equal.
     */
    private static Document withoutBookkeeping(Document doc) {
        Document copy = new Document(doc);
        copy.remove(PaperFields.REV);
        copy.remove(PaperFields.STORED_AT);
        copy.remove(PaperFields.TRACEPARENT);
        return copy;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

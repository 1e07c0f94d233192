package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.testsupport.SharedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service with a broker that is not there: REST answers 503 + Retry-After quickly and accepts nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=localhost:1",
        // this context exists for one request: create only what it touches, and no topics on a missing broker
        "spring.main.lazy-initialization=true",
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.admin.operation-timeout=1s",
        "spring.kafka.admin.close-timeout=1s",
        "spring.kafka.admin.properties.default.api.timeout.ms=1000",
        "spring.kafka.admin.properties.request.timeout.ms=1000",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.kafka.producer.properties.request.timeout.ms=1000",
        "spring.kafka.producer.properties.delivery.timeout.ms=1500",
        "paperboy.ingest.api-key=down-key",
        "paperboy.ingest.import-dir=${java.io.tmpdir}",
        "paperboy.ingest.publish.ack-timeout=3s",
        "paperboy.ingest.publish.retry-after=7s",
})
class KafkaDownTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        SharedMongo.assumeAvailable();
        registry.add("spring.mongodb.uri", () -> SharedMongo.uri("ingest-kafka-down"));
    }

    @Test
    void answers503WithRetryAfterAndStoresNothing() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/papers"))
                .header("Content-Type", "application/json").header("X-API-Key", "down-key")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"arxivId\":\"2412.07762v3\",\"title\":\"Efficient Online RL Fine-Tuning\"}")).build();
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(EventCodec.mapper().readTree(response.body()).get("status").asInt()).isEqualTo(503);
        // not acknowledged = not accepted: no state, so the paper is published in full when retried
        assertThat(mongo.getCollection(PaperStateStore.COLLECTION).countDocuments(new Document("_id", "2412.07762")))
                .isZero();

        HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"kafka\"").contains("\"mongoPing\"");
    }

    @Test
    void aFileImportFailsWithNothingCountedAndNothingStored() throws Exception {
        Path file = Files.createTempFile("kafka-down", ".jsonl");
        Files.writeString(file, "{\"arxivId\":\"2412.00001\",\"title\":\"One\"}\n"
                + "{\"arxivId\":\"2412.00002\",\"title\":\"Two\"}\n");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/imports/path")).header("Content-Type", "application/json")
                .header("X-API-Key", "down-key").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"" + file + "\",\"format\":\"jsonl\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        URI job = URI.create("http://localhost:" + port + started.headers().firstValue("Location").orElseThrow());
        JsonNode end = await().atMost(Duration.ofSeconds(30)).until(() -> EventCodec.mapper().readTree(
                http.send(HttpRequest.newBuilder(job).build(), HttpResponse.BodyHandlers.ofString()).body()),
                view -> !"RUNNING".equals(view.get("status").asString()));

        assertThat(end.get("status").asString()).isEqualTo("FAILED");
        assertThat(end.get("accepted").asLong()).isZero();
        assertThat(mongo.getCollection(PaperStateStore.COLLECTION).countDocuments(
                new Document("_id", new Document("$in", List.of("2412.00001", "2412.00002"))))).isZero();
    }
}

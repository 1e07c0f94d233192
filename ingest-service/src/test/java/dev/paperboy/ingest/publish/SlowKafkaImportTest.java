package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.TopicReader;
import dev.paperboy.testsupport.SamplePapers;
import dev.paperboy.testsupport.SharedMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Imports while the broker does not answer for a while, for longer than a REST caller waits ({@code ack-timeout}
 * 1 s here) and longer than the producer's request timeout (2 s here): the job waits for the producer, which
 * retries, and completes with every paper on {@code papers.v1} exactly once. The broker is a real one of this class
 * alone behind a {@link BrokerProxy}: once it appends records but its answers are held back (the producer times
 * out and sends the same batches again, which the idempotent producer must not duplicate), once it refuses every
 * connection. Then the producer either keeps its metadata and retries until the broker is back, or drops it and
 * refuses records ({@code max.block.ms}), which fails the job with what was acknowledged stored: the operator's
 * re-run of the same import then publishes exactly the rest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "paperboy.ingest.api-key=slow-key",
        "paperboy.ingest.import-dir=${java.io.tmpdir}",
        "paperboy.ingest.publish.batch-size=50",
        "paperboy.ingest.publish.ack-timeout=1s",
        "spring.kafka.producer.properties.request.timeout.ms=2000",
        // a REST submit the producer cannot take at once is refused within a second
        "spring.kafka.producer.properties.max.block.ms=1000",
})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlowKafkaImportTest {

    private static final ProxiedBroker BROKER = ProxiedBroker.start();
    // the shortest outage: beyond ack-timeout and request.timeout.ms, whatever else it waits for
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedMongo.assumeAvailable();
        registry.add("spring.mongodb.uri", () -> SharedMongo.uri("ingest-slow-kafka"));
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    /** One paper through REST first: the producer knows the topic's partitions before the broker turns bad. */
    @BeforeEach
    void producerKnowsTheTopic() throws Exception {
        HttpResponse<String> submitted = submit("Warm-up");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    }

    @Test
    void anImportWaitsWhileTheBrokerHoldsItsAnswersAndPublishesEveryPaperOnce() throws Exception {
        List<String> ids = ids(300);
        Path file = jsonLines(ids);
        double retriesBefore = producerMetric("record-retry-total");
        String job;
        BROKER.proxy().holdResponses();
        try {
            job = startImport(file);
            // records reach the broker, acknowledgements do not: the producer times out and sends them again
            outageUntil(() -> producerMetric("record-retry-total") > retriesBefore);
            assertThat(status(job).get("status").asString()).isEqualTo("RUNNING");
            assertThat(status(job).get("accepted").asLong()).isZero();
            // a REST caller meanwhile is not kept waiting: 503 (ack-timeout or max.block.ms, whichever ends first)
            HttpResponse<String> submitted = submit("Submitted while the broker holds its answers");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(503);
            assertThat(submitted.headers().firstValue("Retry-After")).isPresent();
        } finally {
            BROKER.proxy().restore();
        }
        assertCompletedWithEveryPaperOnce(job, ids);
    }

    @Test
    void anImportDuringAnOutageLosesAndDuplicatesNothingEvenIfItHasToBeRunAgain() throws Exception {
        List<String> ids = ids(300);
        Path file = jsonLines(ids);
        int refusedBefore = BROKER.proxy().refusedConnections();
        String job;
        BROKER.proxy().cutOff();
        try {
            job = startImport(file);
            outageUntil(() -> BROKER.proxy().refusedConnections() >= refusedBefore + 3);
            // waiting for the broker, or failed because the producer refused records: nothing acknowledged yet
            assertThat(status(job).get("status").asString()).isIn("RUNNING", "FAILED");
            assertThat(status(job).get("accepted").asLong()).isZero();
        } finally {
            BROKER.proxy().restore();
        }
        JsonNode first = end(job);
        if ("FAILED".equals(first.get("status").asString())) {
            assertThat(first.get("errors").toString()).as(first.toString()).contains("Kafka did not acknowledge");
            JsonNode rerun = end(startImport(file));
            assertThat(rerun.get("status").asString()).as(rerun.toString()).isEqualTo("COMPLETED");
            // what the failed run got acknowledged is stored and counted, so the re-run finds exactly that unchanged
            assertThat(rerun.get("unchanged").asLong()).isEqualTo(first.get("accepted").asLong());
            assertThat(first.get("accepted").asLong() + rerun.get("accepted").asLong()).isEqualTo(ids.size());
        } else {
            assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("COMPLETED");
        }
        assertEveryPaperOnce(ids);
    }

    /** Keeps the broker bad for at least {@link #OUTAGE} and until the producer has felt it. */
    private static void outageUntil(BooleanSupplier felt) {
        await().pollDelay(OUTAGE).atMost(Duration.ofSeconds(60)).until(felt::getAsBoolean);
    }

    private void assertCompletedWithEveryPaperOnce(String job, List<String> ids) {
        JsonNode end = end(job);
        assertThat(end.get("status").asString()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(end.get("accepted").asLong()).isEqualTo(ids.size());
        assertEveryPaperOnce(ids);
    }

    private JsonNode end(String job) {
        return await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(job), view -> !"RUNNING".equals(view.get("status").asString()));
    }

    private void assertEveryPaperOnce(List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        Map<String, Long> recordsPerKey = TopicReader.read(BROKER.bootstrapServers(), Topics.PAPERS,
                r -> wanted.contains(r.key())).stream()
                .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
        assertThat(recordsPerKey).as("papers.v1 records per paper id").hasSize(ids.size());
        assertThat(Set.copyOf(recordsPerKey.values())).as("papers.v1 records per paper id").containsExactly(1L);
        // every state is stored (after its acknowledgement), so importing the file again would change nothing
        assertThat(mongo.getCollection(PaperStateStore.COLLECTION)
                .countDocuments(new Document("_id", new Document("$in", ids)))).isEqualTo(ids.size());
    }

    /** Fresh ids of the form 28MM.NNNNN, apart from every other test's. */
    private static List<String> ids(int count) {
        int start = ThreadLocalRandom.current().nextInt(0, 90_000);
        int month = 1 + ThreadLocalRandom.current().nextInt(12);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format("28%02d.%05d", month, start + i));
        }
        return ids;
    }

    private static Path jsonLines(List<String> ids) throws Exception {
        List<String> seeds = SamplePapers.jsonLines().stream()
                .filter(line -> !EventCodec.mapper().readTree(line).get("arxivId").isNull()).toList();
        List<String> lines = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(seeds.get(i % seeds.size()));
            node.put("arxivId", ids.get(i));
            lines.add(node.toString());
        }
        Path file = Files.createTempFile("slow-kafka", ".jsonl");
        Files.write(file, lines);
        return file;
    }

    private HttpResponse<String> submit(String title) throws Exception {
        String json = "{\"arxivId\":\"" + ids(1).getFirst() + "\",\"title\":\"" + title + "\"}";
        return http.send(HttpRequest.newBuilder(uri("/api/papers")).header("Content-Type", "application/json")
                .header("X-API-Key", "slow-key").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String startImport(Path file) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/api/imports/path"))
                .header("Content-Type", "application/json").header("X-API-Key", "slow-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"" + file + "\",\"format\":\"jsonl\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    private JsonNode status(String job) throws Exception {
        return EventCodec.mapper().readTree(http.send(HttpRequest.newBuilder(uri(job)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A metric of the service's producer (0 before it exists). */
    private double producerMetric(String name) {
        return kafka.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals(name) && m.getKey().group().equals("producer-metrics"))
                .map(m -> m.getValue().metricValue()).filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(0);
    }
}

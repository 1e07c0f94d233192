package dev.paperboy.system;

import com.mongodb.client.MongoClient;
import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on the path ingest → papers.v1 → catalog → MongoDB, over a broker and a Mongo-wire server of this class
 * alone: the catalog killed with SIGKILL mid-import, the broker restarted mid-ingest, the catalog's MongoDB gone
 * for a while. After each, the catalog holds exactly the papers ingest acknowledged: none missing, none extra, and
 * its own count (the listing's total, from its search index) agrees.
 *
 * <p>Sizes (system properties, CI defaults first):
 * <ul>
 *   <li>{@code paperboy.faults.papers} = 10 000: the NDJSON import during which the catalog is SIGKILLed (the
 *       documented long run: 100 000);</li>
 *   <li>{@code paperboy.faults.restPapers} = 1 000: papers POSTed one by one (8 clients) while the broker restarts;
 *       {@code paperboy.faults.kafkaDownSeconds} = 5: how long the broker stays stopped (above the REST publish's
 *       15 s ack timeout, e.g. 20, ingest has to refuse with 503 and the clients resubmit);</li>
 *   <li>{@code paperboy.faults.mongoDownSeconds} = 10: the MongoDB outage (the figure, 30, in the long run);
 *       {@code paperboy.faults.recoverySeconds} = 10: the deadline, from MongoDB's return, by which the catalog's
 *       consumer must have resumed (stored a batch and committed its offsets); {@code paperboy.faults.catchUpSeconds}
 *       = 60: the test waits up to this plus 60 s for the whole backlog, then counts what is missing.
 *       How long the backlog took is printed, not asserted: it is throughput, a benchmark's business.</li>
 * </ul>
 * CI: {@code ./mvnw -B -o -pl system-tests verify -Dtest='*FaultTest' -Dsurefire.failIfNoSpecifiedTests=false};
 * long run: add {@code -Dpaperboy.faults.papers=100000 -Dpaperboy.faults.mongoDownSeconds=30
 * -Dpaperboy.faults.kafkaDownSeconds=20}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestCatalogFaultTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static FaultStack stack;
    private static MongoClient mongo;
    /** Every id ingest acknowledged in this class: the catalog must hold exactly these. */
    private static final Set<String> acknowledged = new HashSet<>();

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        stack = FaultStack.start("ingest-catalog", "ingest", "catalog");
        mongo = stack.mongoClient();
        System.out.printf("[faults] ingest + catalog up in %d s%n", seconds(t0));
    }

    @AfterAll
    static void stop() {
        if (mongo != null) {
            mongo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void catalogKilledDuringAnImportLosesAndDuplicatesNothing() {
        int n = FaultLoad.size("papers", 10_000);
        List<String> ids = FaultLoad.ids(1, n);
        long t0 = System.nanoTime();
        HttpResponse<String> started = FaultLoad.HTTP.sendAsync(HttpRequest.newBuilder(
                        stack.ingest.url("/api/imports?format=jsonl"))
                .header("Content-Type", "application/x-ndjson").header("X-API-Key", FaultStack.API_KEY)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(FaultLoad.ndjson(ids))).build(),
                HttpResponse.BodyHandlers.ofString()).join();
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String jobId = JSON.readTree(started.body()).path("id").asString();

        // SIGKILL while the catalog is part-way through the papers
        long killAt = Math.max(1, n / 10);
        await().atMost(Duration.ofSeconds(120 + killAt / 20)).pollInterval(Duration.ofMillis(100))
                .until(() -> FaultLoad.catalogPapers(mongo).estimatedDocumentCount() >= acknowledged.size() + killAt);
        JsonNode atKill = jobStatus(jobId);
        stack.killCatalog();
        long storedAtKill = FaultLoad.catalogPapers(mongo).estimatedDocumentCount() - acknowledged.size();
        System.out.printf("[faults] catalog SIGKILLed with %d of %d stored; import job %s, %d accepted so far%n",
                storedAtKill, n, atKill.path("status").asString(), atKill.path("accepted").asLong());

        // the new catalog starts while the import goes on
        long restart = System.nanoTime();
        stack.restartCatalog();
        System.out.printf("[faults] catalog restarted in %d s%n", seconds(restart));
        JsonNode done = await().atMost(Duration.ofSeconds(180 + n / 50)).pollInterval(Duration.ofMillis(250))
                .until(() -> jobStatus(jobId), s -> !"RUNNING".equalsIgnoreCase(s.path("status").asString()));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualToIgnoringCase("COMPLETED");
        assertThat(done.path("accepted").asLong()).as("papers ingest acknowledged: " + done).isEqualTo(n);
        acknowledged.addAll(ids);
        System.out.printf("[faults] import of %d papers finished after %d s: %s accepted, %s rejected%n", n,
                seconds(t0), done.path("accepted").asString(), done.path("rejected").asString());
        awaitCatalogHolds(Duration.ofSeconds(180 + n / 40));
        report("catalog kill -9 during import", n, ids, t0);
    }

    @Test
    @Order(2)
    void brokerRestartDuringIngestLosesAndDuplicatesNothing() {
        int n = FaultLoad.size("restPapers", 1_000);
        int downSeconds = FaultLoad.size("kafkaDownSeconds", 5);
        long t0 = System.nanoTime();
        try (FaultLoad.RestLoad load = new FaultLoad.RestLoad(stack.ingest, 2, n, 8)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.acknowledged.size() >= n / 4);
            long restart = System.nanoTime();
            stack.stopKafka();
            int ackedAtStop = load.acknowledged.size();
            // the broker stays away a few seconds, so that sends in flight fail and ingest has to refuse (503)
            await().pollDelay(Duration.ofSeconds(downSeconds)).atMost(Duration.ofSeconds(downSeconds + 5))
                    .until(() -> true);
            stack.startKafka();
            System.out.printf("[faults] broker stopped with %d of %d acknowledged, back after %d s%n", ackedAtStop,
                    n, seconds(restart));
            load.awaitDone(Duration.ofMinutes(5));
            System.out.printf("[faults] ingest refused or failed %d submissions during the restart (retried)%n",
                    load.refusals.get());
            assertThat(load.acknowledged).as("every submitted paper acknowledged in the end").hasSize(n);
            acknowledged.addAll(load.acknowledged);
        }
        awaitCatalogHolds(Duration.ofMinutes(3));
        report("broker restart during REST ingest", n, FaultLoad.ids(2, n), t0);
    }

    @Test
    @Order(3)
    void catalogMongoOutagePausesTheConsumerAndLosesNothing() throws Exception {
        int downSeconds = FaultLoad.size("mongoDownSeconds", 10);
        int deadline = FaultLoad.size("recoverySeconds", 10);
        int catchUp = FaultLoad.size("catchUpSeconds", 60);
        long[] storedBefore = {0};
        long t0 = System.nanoTime();
        int before = acknowledged.size();
        Set<String> acked;
        Map<TopicPartition, Long> committedEarly;
        Map<TopicPartition, Long> committedLate;
        try (FaultLoad.RestLoad load = new FaultLoad.RestLoad(stack.ingest, 3, Integer.MAX_VALUE, 2)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> FaultLoad.catalogPapers(mongo).estimatedDocumentCount() >= before + 100);
            long storedAtStop = FaultLoad.catalogPapers(mongo).estimatedDocumentCount() - before;
            storedBefore[0] = storedAtStop;
            stack.stopMongo();
            long down = System.nanoTime();
            int ackedAtStop = load.acknowledged.size();
            // ingest goes on accepting; the catalog must not commit (skip) anything it could not store
            committedEarly = await().pollDelay(Duration.ofSeconds(Math.min(3, downSeconds - 1)))
                    .atMost(Duration.ofSeconds(30)).until(IngestCatalogFaultTest::committedOffsets, c -> true);
            committedLate = await().pollDelay(Duration.ofNanos(Math.max(0,
                            TimeUnit.SECONDS.toNanos(downSeconds) - (System.nanoTime() - down))))
                    .atMost(Duration.ofSeconds(downSeconds + 30))
                    .until(IngestCatalogFaultTest::committedOffsets, c -> true);
            load.stop();
            load.awaitDone(Duration.ofMinutes(2));
            acked = Set.copyOf(load.acknowledged);
            System.out.printf("[faults] MongoDB stopped after %d of this test's papers were stored; down %d s; "
                            + "ingest acknowledged %d during the outage (%d before)%n", storedAtStop,
                    seconds(down), acked.size() - ackedAtStop, ackedAtStop);
        }
        acknowledged.addAll(acked);
        stack.startMongo();
        long up = System.nanoTime();
        // resumed: the first offset the catalog commits after MongoDB's return (it commits only what it stored)
        long frozen = sum(committedLate);
        long[] resumed = {-1};
        await().atMost(Duration.ofSeconds(catchUp + 60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    if (resumed[0] < 0 && sum(committedOffsets()) > frozen) {
                        resumed[0] = System.nanoTime() - up;
                    }
                    return resumed[0] >= 0
                            && FaultLoad.catalogPapers(mongo).estimatedDocumentCount() >= acknowledged.size();
                });
        double resumedSeconds = resumed[0] / 1e9;
        double caughtUpSeconds = (System.nanoTime() - up) / 1e9;
        System.out.printf("[faults] MongoDB back: the catalog consumer resumed (first commit) after %.1f s "
                        + "(deadline %d s) and had stored the outage's backlog of ~%d papers after %.1f s%n",
                resumedSeconds, deadline, acknowledged.size() - before - storedBefore[0], caughtUpSeconds);
        System.out.printf("[faults] committed offsets of group catalog: %d at +%d s of the outage, %d at its end%n",
                sum(committedEarly), Math.min(3, downSeconds - 1), frozen);
        assertThat(committedLate).as("offsets committed while MongoDB was down (records skipped)")
                .isEqualTo(committedEarly);
        awaitCatalogHolds(Duration.ofMinutes(1));
        report("catalog MongoDB down " + downSeconds + " s", acked.size(), List.copyOf(acked), t0);
        assertThat(resumedSeconds).as("seconds from MongoDB's return until the catalog consumer stored and "
                + "committed again").isLessThanOrEqualTo(deadline);
    }

    private static Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = stack.kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("catalog")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new java.util.TreeMap<>(
                    java.util.Comparator.comparing(TopicPartition::toString));
            offsets.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(Topics.PAPERS)) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        }
    }

    /** Records of papers.v1 the catalog has not committed yet. */
    private static long lag() throws Exception {
        Map<TopicPartition, Long> committed = committedOffsets();
        try (Admin admin = stack.kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < Topics.PAPERS_PARTITIONS; p++) {
                latest.put(new TopicPartition(Topics.PAPERS, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                lag += end.getValue().offset() - committed.getOrDefault(end.getKey(), 0L);
            }
            return lag;
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static JsonNode jobStatus(String jobId) {
        return FaultLoad.getJson(stack.ingest.url("/api/jobs/" + jobId));
    }

    /**
     * Waits until the catalog consumed all of papers.v1 (its group's committed offsets at the end of every partition:
     * it commits only what it stored), its MongoDB holds as many papers as were acknowledged, and its listing too.
     */
    private static void awaitCatalogHolds(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> lag() == 0
                        && FaultLoad.catalogPapers(mongo).estimatedDocumentCount() >= acknowledged.size());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> FaultLoad.listingTotal(stack.catalog) >= acknowledged.size());
    }

    /** Counts and asserts: the catalog holds exactly the acknowledged set, and its own total agrees. */
    private static void report(String fault, int sent, List<String> ids, long t0) {
        List<String> stored = FaultLoad.storedIds(mongo);
        Set<String> distinct = new HashSet<>(stored);
        Set<String> expected = new HashSet<>(ids);
        Set<String> found = FaultLoad.storedAmong(stored, expected);
        Set<String> extra = new HashSet<>(distinct);
        extra.removeAll(acknowledged);
        long missing = expected.size() - found.size();
        long duplicated = stored.size() - distinct.size();
        long total = FaultLoad.listingTotal(stack.catalog);
        long deadLettered = deadLetters();
        System.out.printf("[faults] %s: sent %d, acknowledged %d, stored %d (all tests %d docs, %d distinct), "
                        + "lost %d, duplicated %d, unacknowledged extra %d, catalog listing total %d / expected %d, "
                        + "dead-lettered %d, %d s%n", fault, sent, ids.size(), found.size(), stored.size(),
                distinct.size(), missing, duplicated, extra.size(), total, acknowledged.size(), deadLettered,
                seconds(t0));
        assertThat(missing).as("acknowledged papers missing from the catalog, e.g. "
                + expected.stream().filter(id -> !found.contains(id)).limit(5).toList()).isZero();
        assertThat(duplicated).as("duplicate documents").isZero();
        assertThat(extra).as("papers in the catalog nobody acknowledged").isEmpty();
        assertThat(total).as("the catalog's own count (listing total)").isEqualTo(acknowledged.size());
        assertThat(deadLettered).as("records on " + Topics.PAPERS_DLQ + " (no poison was sent)").isZero();
    }

    private static long deadLetters() {
        try (Admin admin = stack.kafka.admin()) {
            TopicPartition dlq = new TopicPartition(Topics.PAPERS_DLQ, 0);
            return admin.listOffsets(Map.of(dlq, OffsetSpec.latest())).partitionResult(dlq)
                    .get(10, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + Topics.PAPERS_DLQ, e);
        }
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}

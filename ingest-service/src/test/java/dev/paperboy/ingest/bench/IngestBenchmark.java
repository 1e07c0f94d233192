package dev.paperboy.ingest.bench;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestApplication;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.normalize.PaperReaders;
import dev.paperboy.ingest.publish.PerPaperWork;
import dev.paperboy.testsupport.SamplePapers;
import dev.paperboy.testsupport.SharedKafka;
import dev.paperboy.testsupport.SharedMongo;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.tools.ProducerPerformance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark harness (not a test): a bulk JSON Lines import through the real service (REST path import, reading,
 * validation, change detection in MongoDB, publishing) against Kafka's own {@link ProducerPerformance} with the
 * same records, on the same in-process broker, in the same run; and, as the ceiling no import can pass on this
 * server, the rate at which the same Mongo-wire server accepts the service's state writes alone
 * ({@link StateWriteCeiling}). Run it with:
 * <pre>
 * ./mvnw -B -q -pl ingest-service test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
 *     -Dmdep.includeScope=test
 * java -Xmx3g -cp ingest-service/target/test-classes:ingest-service/target/classes:$(cat ingest-service/target/bench.cp) \
 *     dev.paperboy.ingest.bench.IngestBenchmark [papers=100000] [rounds=3]
 * </pre>
 */
public final class IngestBenchmark {

    private static final Pattern RATE = Pattern.compile("records sent, ([0-9.]+) records/sec");
    private static final String KEY = "bench-key";

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int papers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String bootstrap = SharedKafka.bootstrapServers();
        Path dir = Files.createTempDirectory("paperboy-bench");
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench.baseline", Topics.PAPERS_PARTITIONS, (short) 1))).all()
                    .get();
        }
        ConfigurableApplicationContext app;
        try {
            // command-line arguments, so they win over application.yml
            app = new SpringApplicationBuilder(IngestApplication.class).run("--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + bootstrap,
                    "--spring.mongodb.uri=" + SharedMongo.uri("ingest-bench"),
                    "--paperboy.ingest.api-key=" + KEY,
                    "--paperboy.ingest.import-dir=" + dir,
                    "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                    "--logging.level.state.change.logger=WARN");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        StringBuilder table = new StringBuilder(String.format("%-6s %12s %22s %8s %16s %16s %18s %14s %18s %14s %18s %18s%n",
                "round", "ingest p/s", "ProducerPerformance r/s", "ratio", "ingest cpu us/p", "baseline cpu us/r",
                "state writes d/s", "ceiling ratio", "state cpu us/doc", "own work us/p", "bound, state free", "bound, state here"));
        PaperReaders readers = app.getBean(PaperReaders.class);
        MongoTemplate mongo = app.getBean(MongoTemplate.class);
        int batchSize = app.getBean(IngestProperties.class).publish().batchSize();
        String records = "";
        try {
            for (int round = 1; round <= rounds; round++) {
                Path file = dir.resolve("papers-" + round + ".jsonl");
                long bytes = generate(file, papers, round);
                Path payloads = dir.resolve("payloads-" + round + ".txt");
                // the same kind of records for the baseline: a pool of our lines, picked at random by the tool
                List<String> pool = Files.readAllLines(file).subList(0, Math.min(papers, 20_000));
                Files.write(payloads, pool);
                double ownWork = PerPaperWork.microsPerPaper(readers, pool);
                long cpu = processCpuNanos();
                double baseline = producerPerformance(bootstrap, payloads, papers);
                double baselineCpu = (processCpuNanos() - cpu) / 1000.0 / papers;
                cpu = processCpuNanos();
                double ours = importRate(port, file, papers);
                double oursCpu = (processCpuNanos() - cpu) / 1000.0 / papers;
                StateWriteCeiling.Result ceiling = StateWriteCeiling.measure(mongo, ids(papers, round), batchSize);
                table.append(String.format("%-6d %12.0f %22.0f %8.2f %16.0f %16.0f %18.0f %14.2f %18.0f %14.1f %18.2f %18.2f%n",
                        round, ours, baseline, ours / baseline, oursCpu, baselineCpu, ceiling.docsPerSecond(),
                        ceiling.docsPerSecond() / baseline, ceiling.cpuMicrosPerDoc(), ownWork,
                        baselineCpu / (baselineCpu + ownWork),
                        baselineCpu / (baselineCpu + ownWork + ceiling.cpuMicrosPerDoc())));
                System.out.printf("round %d: %d papers (%.0f bytes avg): ingest %.0f papers/s, "
                        + "ProducerPerformance %.0f records/s, state writes alone %.0f docs/s%n", round, papers,
                        (double) bytes / papers, ours, baseline, ceiling.docsPerSecond());
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        } finally {
            records = String.format("records: the baseline's payloads are the input lines; the service's papers.v1"
                    + " records average %.0f bytes (its producer's record-size-avg), compression rate %.2f%n",
                    producerMetric(app, "record-size-avg"), producerMetric(app, "compression-rate-avg"));
            app.close();
        }
        System.out.println();
        System.out.println("Bulk JSON Lines import vs Kafka ProducerPerformance (both: acks=all, idempotent, lz4, linger "
                + "25 ms, batch 256 KB, " + Topics.PAPERS_PARTITIONS + " partitions, same in-process broker; the service"
                + " keys records by paper id, ProducerPerformance sends them unkeyed)");
        System.out.print(records);
        System.out.println("ingest p/s = papers / (job startedAt -> finishedAt); a job finishes only when every paper is"
                + " acknowledged by Kafka AND its change-detection state is stored in MongoDB (ingest.papers)");
        System.out.println("cpu us/p = CPU time of this whole JVM (service, broker, embedded MongoDB, JIT, GC) per record"
                + " while that side ran: a figure the other load on the machine does not distort as much as the rates");
        System.out.println("state writes d/s = the same embedded server accepting only the state documents the service"
                + " stored in that round (read back, then re-inserted with the service's MongoTemplate as the same"
                + " unordered bulk inserts of " + batchSize + ", one after another); ceiling ratio = that rate /"
                + " ProducerPerformance: no import on this server can reach a ratio above it");
        System.out.println("own work us/p = thread CPU of the service's own steps per paper on one thread, without Kafka or"
                + " MongoDB (parse, read and validate, merge, fingerprint, serialise the event; PerPaperWork); bound, state"
                + " free = baseline cpu / (baseline cpu + own work): with both sides CPU-bound on this machine, no import"
                + " that sends each paper at least as dearly as ProducerPerformance sends a record can pass it, even with"
                + " its change-detection state stored for nothing; bound, state here = the same with the state document's"
                + " write on this server added (state cpu us/doc)");
        System.out.print(table);
        System.exit(0);
    }

    /** Paper-like lines from the sample papers with fresh ids, so every paper is new (all published). */
    private static long generate(Path file, int count, int round) throws Exception {
        List<String> seeds = SamplePapers.jsonLines().stream()
                .filter(line -> !EventCodec.mapper().readTree(line).get("arxivId").isNull()).toList();
        long bytes = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(seeds.get(i % seeds.size()));
                node.put("arxivId", id(i, round));
                node.put("upvotes", i % 50);
                String line = node.toString();
                bytes += line.length() + 1;
                out.write(line);
                out.write('\n');
            }
        }
        return bytes;
    }

    /** The canonical id of the {@code i}-th paper of a round: unique per round for up to 1.2M papers. */
    private static String id(int i, int round) {
        return String.format("%02d%02d.%05d", 10 + round, 1 + (i / 100_000) % 12, i % 100_000);
    }

    private static List<String> ids(int count, int round) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> id(i, round)).toList();
    }

    /** A metric of the service's own producer (the records it actually sent), NaN when absent. */
    private static double producerMetric(ConfigurableApplicationContext app, String name) {
        KafkaTemplate<?, ?> kafka = app.getBean(KafkaTemplate.class);
        for (Map.Entry<MetricName, ? extends Metric> metric : kafka.metrics().entrySet()) {
            if (metric.getKey().name().equals(name) && metric.getKey().group().equals("producer-metrics")
                    && metric.getValue().metricValue() instanceof Number value) {
                return value.doubleValue();
            }
        }
        return Double.NaN;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double producerPerformance(String bootstrap, Path payloads, int records) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(new String[] {"--topic", "bench.baseline", "--num-records",
                    String.valueOf(records), "--throughput", "-1", "--payload-file", payloads.toString(),
                    "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true",
                    "compression.type=lz4", "linger.ms=25", "batch.size=262144"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Matcher last = null;
        Matcher m = RATE.matcher(output);
        double rate = -1;
        while (m.find()) {
            rate = Double.parseDouble(m.group(1));
            last = m;
        }
        if (last == null) {
            throw new IllegalStateException("no result from ProducerPerformance: " + output);
        }
        return rate;
    }

    private static double importRate(int port, Path file, int papers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/imports/path")).header("X-API-Key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"" + file + "\",\"format\":\"jsonl\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = started.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException("import not started: " + started.body()));
        while (true) {
            Thread.sleep(250); // a harness, not a test: polling the job resource is what a client does
            JsonNode job = EventCodec.mapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + location)).header("X-API-Key", KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (!"RUNNING".equals(job.get("status").asString())) {
                if (job.get("accepted").asLong() != papers) {
                    throw new IllegalStateException("expected " + papers + " accepted papers: " + job);
                }
                Duration took = Duration.between(Instant.parse(job.get("startedAt").asString()),
                        Instant.parse(job.get("finishedAt").asString()));
                return papers / (took.toMillis() / 1000.0);
            }
        }
    }
}

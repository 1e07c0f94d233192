package dev.paperboy.ingest.bench;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.ingest.IngestApplication;
import dev.paperboy.testsupport.SamplePapers;
import dev.paperboy.testsupport.SharedKafka;
import dev.paperboy.testsupport.SharedMongo;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark harness (not a test): how long a small JSON Lines import takes from submit to its job reporting
 * COMPLETED, the way system-tests' freshness load measures it (one upload of {@code papers} lines every 100 ms,
 * the job polled every 10 ms), with the service, broker and Mongo-wire server in this JVM. Prints percentiles of
 * submit -> COMPLETED as the client sees it and of the job's own startedAt -> finishedAt. Run it like
 * {@link IngestBenchmark}: {@code dev.paperboy.ingest.bench.SmallImportLatency [papers=10] [seconds=20]}.
 */
public final class SmallImportLatency {

    private static final String KEY = "bench-key";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private SmallImportLatency() {
    }

    public static void main(String[] args) throws Exception {
        int papers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ConfigurableApplicationContext app = new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--spring.mongodb.uri=" + SharedMongo.uri("ingest-latency"), "--paperboy.ingest.api-key=" + KEY,
                "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN", "--logging.level.dev.paperboy.ingest.jobs=WARN");
        URI base = URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort());
        List<String> seeds = SamplePapers.jsonLines().stream()
                .filter(line -> !EventCodec.mapper().readTree(line).get("arxivId").isNull()).toList();
        int run = (int) (System.currentTimeMillis() % 1_000_000);
        List<double[]> timings = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int chunk = 0; chunk < seconds * 10; chunk++) {
                long due = start + chunk * 100_000_000L;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < papers; i++) {
                    ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(seeds.get(i % seeds.size()));
                    int n = run + chunk * papers + i; // new papers: every one is published
                    node.put("arxivId", String.format(Locale.ROOT, "25%02d.%05d", 1 + (n / 100_000) % 12,
                            n % 100_000));
                    body.append(node).append('\n');
                }
                boolean warmUp = chunk < 20;
                executor.submit(() -> {
                    try {
                        double[] t = submit(base, body.toString());
                        if (!warmUp) {
                            timings.add(t);
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                });
            }
        }
        System.out.printf(Locale.ROOT, "%d imports of %d papers, one every 100 ms (first 2 s not counted), %d "
                + "failed%n", timings.size(), papers, failures.size());
        print("submit -> COMPLETED seen by the client", timings, 0);
        print("job startedAt -> finishedAt", timings, 1);
        failures.stream().limit(5).forEach(System.out::println);
        app.close();
        System.exit(0);
    }

    /** Submit -> COMPLETED as the client sees it, and the job's own duration, both in ms. */
    private static double[] submit(URI base, String body) throws Exception {
        long submitted = System.nanoTime();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/imports"))
                .header("Content-Type", "application/x-ndjson").header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        URI job = base.resolve(started.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException(started.statusCode() + " " + started.body())));
        while (true) {
            JsonNode view = EventCodec.mapper().readTree(HTTP.send(HttpRequest.newBuilder(job)
                    .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (!"RUNNING".equals(view.get("status").asString())) {
                double seen = (System.nanoTime() - submitted) / 1e6;
                if (!"COMPLETED".equals(view.get("status").asString())) {
                    throw new IllegalStateException("job ended " + view);
                }
                return new double[] {seen, Duration.between(Instant.parse(view.get("startedAt").asString()),
                        Instant.parse(view.get("finishedAt").asString())).toNanos() / 1e6};
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static void print(String what, List<double[]> timings, int index) {
        List<Double> sorted = timings.stream().map(t -> t[index]).sorted().toList();
        if (sorted.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-42s p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", what,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)),
                sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))), sorted.getLast());
    }
}

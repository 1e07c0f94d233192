package dev.paperboy.system.bench;

import dev.paperboy.system.BenchmarkStack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The freshness load for rates one POST per paper cannot reach on two cores: every 100 ms one JSON Lines import of
 * {@code rate / 10} papers through {@code POST /api/imports}; a paper counts as accepted when its import job reports
 * {@code COMPLETED} (every paper acknowledged by Kafka), observed by polling the job every 10 ms for its first
 * 200 ms, then every {@value #SLOW_POLL_MS} ms (so acceptance is seen up to that much late). Every 10 ms throughout
 * had the harness load ingest and its own JVM (which holds the broker and the Mongo-wire server) in proportion to
 * how far ingest lagged: 20 jobs in flight were 2,000 status requests a second, about a third of the harness JVM's
 * CPU samples in the first seconds of a cold run.
 */
final class ImportLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");
    private static final long FAST_POLL_MS = 10;
    private static final long FAST_POLL_FOR_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SLOW_POLL_MS = 50;
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    /** What happened to one chunk: papers accepted, when they were submitted and when their job completed. */
    record Chunk(int first, int papers, int accepted, long submittedAt, long completedAt, String failure) {
    }

    private ImportLoad() {
    }

    /** Submits the chunk starting at paper {@code first} and waits for its job; never throws. */
    static Chunk submit(BenchmarkStack stack, int first, int papers, IntFunction<String> jsonLine) {
        StringBuilder body = new StringBuilder(papers * 400);
        for (int n = first; n < first + papers; n++) {
            body.append(jsonLine.apply(n)).append('\n');
        }
        long submittedAt = System.nanoTime();
        try {
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(stack.ingestUrl().resolve("/api/imports"))
                    .header("Content-Type", "application/x-ndjson").header("X-API-Key", BenchmarkStack.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = started.headers().firstValue("Location").orElse(null);
            if (started.statusCode() != 202 || location == null) {
                return new Chunk(first, papers, 0, submittedAt, 0, started.statusCode() + " " + started.body());
            }
            URI job = stack.ingestUrl().resolve(location);
            while (true) {
                HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(job)
                        .header("X-API-Key", BenchmarkStack.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
                String state = group(STATUS, status.body());
                if (!"RUNNING".equals(state)) {
                    long completedAt = System.nanoTime();
                    int accepted = Integer.parseInt(group(ACCEPTED, status.body()));
                    return new Chunk(first, papers, accepted, submittedAt, completedAt,
                            "COMPLETED".equals(state) ? null : "job " + state + ": " + status.body());
                }
                TimeUnit.MILLISECONDS.sleep(System.nanoTime() - submittedAt < FAST_POLL_FOR_NANOS ? FAST_POLL_MS
                        : SLOW_POLL_MS);
            }
        } catch (Exception e) {
            return new Chunk(first, papers, 0, submittedAt, 0, e.toString());
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(String.format(Locale.ROOT, "no %s in %s", pattern, text));
        }
        return matcher.group(1);
    }
}

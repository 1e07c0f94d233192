package dev.paperboy.system.bench;

import dev.paperboy.system.BenchmarkStack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end freshness: papers POSTed to ingest at a steady rate; for a sample of them, the time from ingest's 202
 * (Kafka acknowledged) until the catalog's search finds them. Prints p50 / p99 and the achieved rate.
 * <p>
 * Run through {@code bench/run-all}, which passes the services' runnable jars ({@code -Dpaperboy.jar.<service>});
 * arguments: rate per second, seconds.
 */
public final class FreshnessBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int sampleEvery = Math.max(1, rate / 20);
        try (BenchmarkStack stack = BenchmarkStack.start()) {
            List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger accepted = new AtomicInteger();
            Semaphore inFlight = new Semaphore(256);
            String run = Long.toString(System.currentTimeMillis(), 36);
            long start = System.nanoTime();
            int total = rate * seconds;
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < total; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    inFlight.acquire();
                    int n = i;
                    executor.submit(() -> {
                        try {
                            String token = "fresh" + run + "x" + n;
                            HttpResponse<String> response = HTTP.send(paper(stack.ingestUrl(), n, token),
                                    HttpResponse.BodyHandlers.ofString());
                            long acceptedAt = System.nanoTime();
                            if (response.statusCode() != 202) {
                                failures.add(response.statusCode() + " " + response.body());
                                return;
                            }
                            accepted.incrementAndGet();
                            if (n % sampleEvery == 0) {
                                latenciesMs.add(awaitSearchable(stack.catalogUrl(), token, acceptedAt));
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "freshness: target %d papers/s for %d s; accepted %d (%.0f/s), failures %d%n",
                    rate, seconds, accepted.get(), accepted.get() / elapsed, failures.size());
            System.out.printf(Locale.ROOT, "freshness: accepted -> searchable over %d samples: p50 %.0f ms, p99 %.0f ms,"
                    + " max %.0f ms%n", sorted.size(), percentile(sorted, 50), percentile(sorted, 99),
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
            failures.stream().limit(5).forEach(f -> System.out.println("  failure: " + f));
        }
        System.exit(0); // the in-process broker's threads would keep the JVM alive
    }

    private static HttpRequest paper(URI ingest, int n, String token) {
        String id = String.format(Locale.ROOT, "26%02d.%05d", 1 + (n / 99_999) % 12, 1 + n % 99_999);
        String body = """
                {"arxivId":"%s","title":"Benchmark paper %s on sparse attention","abstract":"We study %s and
                 measure how fast a paper becomes searchable.","authors":["B. Enchmark"],"category":"cs.LG",
                 "publishedDate":"2026-01-01","upvotes":1}""".formatted(id, token, token).replace("\n", " ");
        return HttpRequest.newBuilder(ingest.resolve("/api/papers")).header("Content-Type", "application/json")
                .header("X-API-Key", BenchmarkStack.API_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static double awaitSearchable(URI catalog, String token, long acceptedAt) throws Exception {
        HttpRequest search = HttpRequest.newBuilder(catalog.resolve("/api/papers/search?q=" + token)).build();
        long deadline = acceptedAt + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(search, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains(token)) {
                return (System.nanoTime() - acceptedAt) / 1e6;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}

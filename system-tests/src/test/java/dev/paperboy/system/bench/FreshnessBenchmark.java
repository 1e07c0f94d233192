package dev.paperboy.system.bench;

import dev.paperboy.system.BenchmarkStack;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.paperboy.system.ServiceFootprint;
import dev.paperboy.testsupport.SharedMongo;
import org.bson.Document;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end freshness: papers fed to ingest at a steady rate; for a sample of them, the time from ingest's
 * acceptance (Kafka acknowledged) until the catalog's search finds them, and from the catalog's write to MongoDB
 * (the paper's {@code storedAt}, read back from the catalog database) until then: what "searchable within 2 s of
 * being stored" names. Prints p50 / p99 and the achieved rate.
 * Two loads: {@code imports} (default; a JSON Lines import every 100 ms, see {@link ImportLoad}) and {@code rest}
 * (one {@code POST /api/papers} per paper, which tops out at a few hundred papers/s on two cores).
 * <p>
 * Run through {@code bench/run-all}, which passes the services' runnable jars ({@code -Dpaperboy.jar.<service>});
 * arguments: rate per second, seconds, [imports|rest].
 */
public final class FreshnessBenchmark {

    /** The catalog's database in {@link dev.paperboy.system.PaperboyStack}'s in-process stack. */
    private static final String CATALOG_DATABASE = "e2e-catalog";
    private static MongoCollection<Document> catalogPapers;

    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public static void main(String[] args) {
        ExitingMain.run(() -> measure(args));
    }

    private static void measure(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        boolean imports = args.length <= 2 || !"rest".equals(args[2]);
        try (MachineLoad load = new MachineLoad();
             BenchmarkStack stack = BenchmarkStack.start();
             MongoClient mongo = MongoClients.create(SharedMongo.uri(CATALOG_DATABASE))) {
            catalogPapers = mongo.getDatabase(CATALOG_DATABASE).getCollection("papers");
            Result result = imports ? viaImports(stack, rate, seconds) : viaRest(stack, rate, seconds);
            System.out.printf(Locale.ROOT, "freshness: %s, target %d papers/s for %d s; accepted %d (%.0f/s),"
                    + " failures %d%n", imports ? "JSON Lines imports of rate/10 papers every 100 ms"
                    : "one POST /api/papers per paper", rate, seconds, result.accepted.get(),
                    result.accepted.get() / result.elapsedSeconds, result.failures.size());
            print("accepted -> searchable", result.fromAccepted);
            if (imports) {
                print("submitted -> searchable", result.fromSubmitted);
            }
            print("stored (catalog's MongoDB write) -> searchable", result.fromStored);
            printTimeline(result.storedTimeline, load);
            result.failures.stream().limit(5).forEach(f -> System.out.println("  failure: " + f));
            CatalogTimers.printFeederTimers(HTTP, stack.catalogUrl());
            CatalogTimers.printOplog(mongo);
            System.out.println("freshness: memory after the load: " + ServiceFootprint.Figures.header());
            stack.footprints().forEach(f -> System.out.println("freshness: memory after the load: " + f.line()));
        }
    }

    /** Latencies in ms from acceptance (Kafka acknowledged) and from submission, of a sample of the papers. */
    private static final class Result {
        final List<Double> fromAccepted = Collections.synchronizedList(new ArrayList<>());
        final List<Double> fromSubmitted = Collections.synchronizedList(new ArrayList<>());
        final List<Double> fromStored = Collections.synchronizedList(new ArrayList<>());
        /** Per sample: its storedAt and its stored -> searchable, both in ms (where in the run a stall falls). */
        final List<long[]> storedTimeline = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger accepted = new AtomicInteger();
        double elapsedSeconds;
    }

    private static Result viaRest(BenchmarkStack stack, int rate, int seconds) throws Exception {
        Result result = new Result();
        int sampleEvery = Math.max(1, rate / 20);
        Semaphore inFlight = new Semaphore(256);
        String run = Long.toString(System.currentTimeMillis(), 36);
        long start = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < rate * seconds; i++) {
                sleepUntil(start + (long) (i * 1e9 / rate));
                inFlight.acquire();
                int n = i;
                executor.submit(() -> {
                    try {
                        String token = "fresh" + run + "x" + n;
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                        stack.ingestUrl().resolve("/api/papers"))
                                        .header("Content-Type", "application/json")
                                        .header("X-API-Key", BenchmarkStack.API_KEY)
                                        .POST(HttpRequest.BodyPublishers.ofString(paperJson(n, token))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long acceptedAt = System.nanoTime();
                        if (response.statusCode() != 202) {
                            result.failures.add(response.statusCode() + " " + response.body());
                            return;
                        }
                        result.accepted.incrementAndGet();
                        if (n % sampleEvery == 0) {
                            double fromAccepted = awaitSearchable(stack.catalogUrl(), token, acceptedAt);
                            result.fromAccepted.add(fromAccepted);
                            addFromStored(result, n, fromAccepted);
                        }
                    } catch (Exception e) {
                        result.failures.add(e.toString());
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        result.elapsedSeconds = (System.nanoTime() - start) / 1e9;
        return result;
    }

    /**
     * The sampled papers are watched from their submission on, not from their job's completion: an import job
     * completes only once ingest has also stored its change-detection state, often after the catalog already made
     * the paper searchable, and a search started only then would add that wait to stored -> searchable.
     */
    private static Result viaImports(BenchmarkStack stack, int rate, int seconds) throws Exception {
        Result result = new Result();
        int perChunk = Math.max(1, rate / 10);
        String run = Long.toString(System.currentTimeMillis(), 36);
        long start = System.nanoTime();
        // closed in reverse order: the chunks first (they wait for their samples), then the watch
        String sampleWord = "fresh" + run + "sample";
        try (SampleWatch watch = new SampleWatch(catalogPapers, HTTP, stack.catalogUrl(), sampleWord);
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int chunk = 0; chunk < seconds * 10; chunk++) {
                sleepUntil(start + chunk * 100_000_000L);
                int first = chunk * perChunk;
                executor.submit(() -> {
                    // two papers of each chunk: its first and its last
                    Map<Integer, CompletableFuture<SampleWatch.Found>> found = new TreeMap<>();
                    for (int n : new int[] {first, first + perChunk - 1}) {
                        // its number as its upvote count: distinct and rising, what the watch's one search needs
                        found.put(n, watch.watch(arxivId(n), "fresh" + run + "x" + n, n));
                    }
                    ImportLoad.Chunk done = ImportLoad.submit(stack, first, perChunk,
                            n -> found.containsKey(n) ? sampledPaperJson(n, "fresh" + run + "x" + n, sampleWord)
                                    : paperJson(n, "fresh" + run + "x" + n));
                    result.accepted.addAndGet(done.accepted());
                    if (done.failure() != null) {
                        result.failures.add(done.failure());
                        return;
                    }
                    found.forEach((n, future) -> {
                        try {
                            SampleWatch.Found f = future.get();
                            // 0 when it was searchable before its job completed
                            result.fromAccepted.add(Math.max(0, f.foundNanos() - done.completedAt()) / 1e6);
                            result.fromSubmitted.add((f.foundNanos() - done.submittedAt()) / 1e6);
                            result.fromStored.add((double) (f.foundMillis() - f.storedAt().getTime()));
                            result.storedTimeline.add(new long[] {f.storedAt().getTime(),
                                    f.foundMillis() - f.storedAt().getTime()});
                        } catch (Exception e) {
                            result.fromAccepted.add(Double.POSITIVE_INFINITY);
                            result.failures.add("paper " + n + " not searchable: " + e);
                        }
                    });
                });
            }
        }
        result.elapsedSeconds = (System.nanoTime() - start) / 1e9;
        return result;
    }

    private static void sleepUntil(long due) throws InterruptedException {
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * Stored -> searchable by 5-second slice of the run (by storedAt): a stall shows as one slice's p99 and max;
     * and the CPU this stack and all other processes of the machine used in each slice, to tell a stall of the
     * stack from a machine taken by something else.
     */
    private static void printTimeline(List<long[]> timeline, MachineLoad load) {
        List<long[]> samples = new ArrayList<>(timeline);
        if (samples.isEmpty()) {
            return;
        }
        long first = samples.stream().mapToLong(sample -> sample[0]).min().orElseThrow();
        Map<Long, List<Double>> bySlice = new TreeMap<>();
        samples.forEach(sample -> bySlice.computeIfAbsent((sample[0] - first) / 5_000, slice -> new ArrayList<>())
                .add((double) sample[1]));
        StringBuilder line = new StringBuilder("freshness: stored -> searchable by 5 s of the run (p50/p99/max ms):");
        bySlice.forEach((slice, latencies) -> {
            Collections.sort(latencies);
            line.append(String.format(Locale.ROOT, " %ds %.0f/%.0f/%.0f", slice * 5, percentile(latencies, 50),
                    percentile(latencies, 99), latencies.get(latencies.size() - 1)));
        });
        System.out.println(line);
        if (load.available()) {
            StringBuilder cores = new StringBuilder("freshness: CPU cores used by 5 s of the run (this stack/other"
                    + " processes, of " + Runtime.getRuntime().availableProcessors() + "):");
            bySlice.keySet().forEach(slice -> cores.append(' ').append(slice * 5).append("s ")
                    .append(load.between(first + slice * 5_000, first + (slice + 1) * 5_000)));
            System.out.println(cores);
        }
    }

    private static void print(String what, List<Double> latencies) {
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "freshness: %s over %d samples: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                what, sorted.size(), percentile(sorted, 50), percentile(sorted, 99),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
    }

    /**
     * Right after paper {@code n} was found: now minus its {@code storedAt} (both wall clocks of this machine), so
     * it includes up to one search poll (20 ms) of detection delay.
     */
    private static void addFromStored(Result result, int n, double fromAccepted) {
        long foundAt = System.currentTimeMillis();
        if (!Double.isFinite(fromAccepted)) {
            return; // never found: counted as infinite in accepted -> searchable
        }
        Document stored = catalogPapers.find(Filters.eq("_id", arxivId(n)))
                .projection(new Document("storedAt", 1)).first();
        if (stored != null && stored.getDate("storedAt") != null) {
            result.fromStored.add((double) (foundAt - stored.getDate("storedAt").getTime()));
        }
    }

    private static String arxivId(int n) {
        return String.format(Locale.ROOT, "26%02d.%05d", 1 + (n / 99_999) % 12, 1 + n % 99_999);
    }

    private static String paperJson(int n, String token) {
        String id = arxivId(n);
        return """
                {"arxivId":"%s","title":"Benchmark paper %s on sparse attention","abstract":"We study %s and
                 measure how fast a paper becomes searchable.","authors":["B. Enchmark"],"category":"cs.LG",
                 "publishedDate":"2026-01-01","upvotes":1}""".formatted(id, token, token).replace("\n", " ");
    }

    /** A sampled paper: also the run's sample word, and its number as its upvote count (see {@link SampleWatch}). */
    private static String sampledPaperJson(int n, String token, String sampleWord) {
        String id = arxivId(n);
        return """
                {"arxivId":"%s","title":"Benchmark paper %s on sparse attention","abstract":"We study %s and
                 measure how fast a paper becomes searchable (%s).","authors":["B. Enchmark"],"category":"cs.LG",
                 "publishedDate":"2026-01-01","upvotes":%d}""".formatted(id, token, token, sampleWord, n)
                .replace("\n", " ");
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

package dev.paperboy.system;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Generated papers for the fault tests, the REST client that submits them until ingest acknowledges each (202), and
 * the counting of what the catalog stored.
 */
final class FaultLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FaultLoad() {
    }

    /** The size of a soak: {@code -Dpaperboy.faults.<name>=...}. */
    static int size(String name, int ciDefault) {
        return Integer.getInteger("paperboy.faults." + name, ciDefault);
    }

    /** A distinct, valid new-style arXiv id: one year per series (20 + series), up to 1.2 M ids in it. */
    static String id(int series, int i) {
        return "%02d%02d.%05d".formatted(20 + series, 1 + i / 99_999, 1 + i % 99_999);
    }

    static List<String> ids(int series, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(id(series, i));
        }
        return ids;
    }

    /** One paper in ingest's neutral shape (one NDJSON line, no newline). */
    static String paper(String id) {
        return """
                {"arxivId":"%s","title":"Fault tolerance probe %s","abstract":"A generated paper for the fault \
                tests of Paperboy: it must reach the catalog exactly once whatever breaks on the way.",\
                "authors":["F. Ault","R. Ecovery"],"categories":["cs.DC"],"keywords":["fault injection"],\
                "publishedDate":"20%s-%s-01","upvotes":1}""".formatted(id, id, id.substring(0, 2), id.substring(2, 4));
    }

    static String ndjson(List<String> ids) {
        StringBuilder body = new StringBuilder(ids.size() * 360);
        ids.forEach(id -> body.append(paper(id)).append('\n'));
        return body.toString();
    }

    /** POST /api/papers once: the status, or -1 when ingest could not be reached. */
    static int submit(ServiceProcess ingest, String id) {
        try {
            return HTTP.send(HttpRequest.newBuilder(ingest.url("/api/papers"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("X-API-Key", FaultStack.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(paper(id))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static JsonNode getJson(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " -> " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of a Prometheus series (all its samples whose labels contain {@code labels}, e.g.
     * {@code kind="temporary"}) as the service exposes it on {@code /actuator/prometheus}; 0 when absent.
     */
    static double prometheus(ServiceProcess service, String series, String labels) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(service.url("/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith(series + "{") && line.contains(labels)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException(series + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The catalog's own count: {@code total} of the listing. */
    static long listingTotal(ServiceProcess catalog) {
        return getJson(catalog.url("/api/papers?limit=1")).path("total").asLong(-1);
    }

    static MongoCollection<Document> catalogPapers(MongoClient client) {
        return client.getDatabase("catalog").getCollection("papers");
    }

    /** Every {@code _id} in the catalog's papers collection (one scan). */
    static List<String> storedIds(MongoClient client) {
        List<String> ids = new ArrayList<>();
        for (Document d : catalogPapers(client).find().projection(new Document("_id", 1)).batchSize(10_000)) {
            ids.add(d.get("_id").toString());
        }
        return ids;
    }

    /** The stored ids among {@code expected}; the rest counts as missing. */
    static Set<String> storedAmong(List<String> stored, Set<String> expected) {
        Set<String> found = new HashSet<>();
        for (String id : stored) {
            if (expected.contains(id)) {
                found.add(id);
            }
        }
        return found;
    }

    /**
     * Submits papers from several threads like a well-behaved client: each paper is POSTed again (after a short
     * pause) until ingest answers 202, so every id it takes ends up acknowledged. Either a fixed list, or an endless
     * series until {@link #stop()}.
     */
    static final class RestLoad implements AutoCloseable {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicLong refusals = new AtomicLong();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService executor;
        private final List<Future<?>> workers = new ArrayList<>();
        private final ServiceProcess ingest;
        private final int series;
        private final int limit;

        RestLoad(ServiceProcess ingest, int series, int limit, int threads) {
            this.ingest = ingest;
            this.series = series;
            this.limit = limit;
            this.executor = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                workers.add(executor.submit(this::work));
            }
        }

        private void work() {
            int i;
            while (!stopped.get() && (i = next.getAndIncrement()) < limit) {
                String id = id(series, i);
                if (submit(ingest, id) != 202) {
                    refusals.incrementAndGet();
                    await().pollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(250))
                            .atMost(Duration.ofMinutes(3)).until(() -> {
                                int status = submit(ingest, id);
                                if (status != 202) {
                                    refusals.incrementAndGet();
                                }
                                return status == 202;
                            });
                }
                acknowledged.add(id);
            }
        }

        /** Takes no new paper; the ones being submitted are submitted until acknowledged. */
        void stop() {
            stopped.set(true);
        }

        void awaitDone(Duration timeout) {
            await().atMost(timeout).until(() -> workers.stream().allMatch(Future::isDone));
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (Exception e) {
                    throw new IllegalStateException("a submitting thread failed", e);
                }
            }
        }

        @Override
        public void close() {
            stop();
            executor.shutdownNow();
        }
    }
}

package dev.paperboy.system.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches sampled papers from their submission until a search finds them, from one thread, so that the watching
 * itself loads the catalog it measures little, and no more when the catalog lags: every {@value #POLL_MS} ms one
 * {@code _id $in} query (by index) for the papers not yet stored, and one search for all papers stored but not
 * found yet. Every sampled paper holds the run's sample word and a distinct upvote count rising with submission
 * order, so the search is that word with {@code minUpvotes} set to the oldest pending sample's count, sorted by
 * upvotes, {@value #PAGE} a page (a further page only when more samples than that match). It had been one search
 * per pending paper (the search ANDs words): a catalog 3 s behind then got ~600 searches a second from the
 * harness, half of its CPU in the lagging phase. A paper counts as found at the first poll that finds it: the
 * figures include up to one poll interval.
 */
final class SampleWatch implements AutoCloseable {

    /** When a search first found a paper (nano and wall clock) and the paper's storedAt. */
    record Found(long foundNanos, long foundMillis, Date storedAt) {
    }

    private static final long POLL_MS = 100;
    private static final int PAGE = 100;
    /** Pages of one poll at most (10,000 samples): a poll never turns into an unbounded walk. */
    private static final int MAX_PAGES = 100;
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final class Sample {
        final String id;
        final String token;
        final int upvotes;
        final Pattern inResults;
        final long since = System.nanoTime();
        final CompletableFuture<Found> found = new CompletableFuture<>();
        volatile Date storedAt;

        Sample(String id, String token, int upvotes) {
            this.id = id;
            this.token = token;
            this.upvotes = upvotes;
            this.inResults = Pattern.compile(Pattern.quote(token) + "(?![0-9A-Za-z])");
        }
    }

    private final MongoCollection<Document> papers;
    private final HttpClient http;
    private final URI catalog;
    private final String sampleWord;
    private final Map<String, Sample> watched = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** {@code sampleWord}: a word every sampled paper's text holds and no other paper's. */
    SampleWatch(MongoCollection<Document> papers, HttpClient http, URI catalog, String sampleWord) {
        this.papers = papers;
        this.http = http;
        this.catalog = catalog;
        this.sampleWord = sampleWord;
        this.poller = Thread.ofPlatform().daemon().name("freshness-sample-watch").start(this::poll);
    }

    /**
     * Completes once paper {@code id}, whose text holds {@code token} and the sample word and whose upvote count is
     * {@code upvotes} (distinct among the samples, rising with submission order), is found by a search.
     */
    CompletableFuture<Found> watch(String id, String token, int upvotes) {
        Sample sample = new Sample(id, token, upvotes);
        watched.put(id, sample);
        return sample.found;
    }

    private void poll() {
        while (running) {
            try {
                expire();
                markStored();
                search();
            } catch (RuntimeException | IOException e) {
                // the next poll tries again; samples give up on their own
            } catch (InterruptedException e) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        watched.values().removeIf(s -> now - s.since > GIVE_UP_NANOS
                && s.found.completeExceptionally(new TimeoutException("not searchable within 90 s of submission")));
    }

    private void markStored() {
        List<String> ids = watched.values().stream().filter(s -> s.storedAt == null).map(s -> s.id).toList();
        if (ids.isEmpty()) {
            return;
        }
        for (Document doc : papers.find(Filters.in("_id", ids)).projection(Projections.include("storedAt"))) {
            Sample sample = watched.get(String.valueOf(doc.get("_id")));
            if (sample != null) {
                sample.storedAt = doc.getDate("storedAt");
            }
        }
    }

    private void search() throws IOException, InterruptedException {
        List<Sample> stored = watched.values().stream().filter(s -> s.storedAt != null).toList();
        if (stored.isEmpty()) {
            return;
        }
        int oldest = stored.stream().mapToInt(s -> s.upvotes).min().orElseThrow();
        String query = "/api/papers/search?sort=upvotes&limit=" + PAGE + "&minUpvotes=" + oldest + "&q="
                + URLEncoder.encode(sampleWord, StandardCharsets.UTF_8);
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(catalog.resolve(query
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            long foundNanos = System.nanoTime();
            long foundMillis = System.currentTimeMillis();
            for (Sample sample : stored) {
                if (!sample.found.isDone() && sample.inResults.matcher(response.body()).find()) {
                    watched.remove(sample.id);
                    sample.found.complete(new Found(foundNanos, foundMillis, sample.storedAt));
                }
            }
            Matcher next = NEXT_CURSOR.matcher(response.body());
            if (!next.find() || stored.stream().allMatch(s -> s.found.isDone())) {
                return;
            }
            cursor = next.group(1);
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        watched.values().forEach(s -> s.found.cancel(false));
    }
}

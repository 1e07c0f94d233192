package dev.paperboy.system.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Watches sampled papers from their submission until a search finds them, from one thread, so that the watching
 * itself loads the catalog it measures little: every {@value #POLL_MS} ms one {@code _id $in} query (by index) for
 * the papers not yet stored, and one search for each paper stored but not found yet (the search ANDs words, so
 * papers cannot share one). A paper counts as found at the first poll that finds it: the figures include up to one
 * poll interval.
 */
final class SampleWatch implements AutoCloseable {

    /** When a search first found a paper (nano and wall clock) and the paper's storedAt. */
    record Found(long foundNanos, long foundMillis, Date storedAt) {
    }

    private static final long POLL_MS = 100;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final class Sample {
        final String id;
        final String token;
        final Pattern inResults;
        final long since = System.nanoTime();
        final CompletableFuture<Found> found = new CompletableFuture<>();
        volatile Date storedAt;

        Sample(String id, String token) {
            this.id = id;
            this.token = token;
            this.inResults = Pattern.compile(Pattern.quote(token) + "(?![0-9A-Za-z])");
        }
    }

    private final MongoCollection<Document> papers;
    private final HttpClient http;
    private final URI catalog;
    private final Map<String, Sample> watched = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    SampleWatch(MongoCollection<Document> papers, HttpClient http, URI catalog) {
        this.papers = papers;
        this.http = http;
        this.catalog = catalog;
        this.poller = Thread.ofPlatform().daemon().name("freshness-sample-watch").start(this::poll);
    }

    /** Completes once paper {@code id}, whose text holds {@code token}, is found by a search. */
    CompletableFuture<Found> watch(String id, String token) {
        Sample sample = new Sample(id, token);
        watched.put(id, sample);
        return sample.found;
    }

    private void poll() {
        while (running) {
            try {
                expire();
                markStored();
                search();
            } catch (RuntimeException e) {
                // the next poll tries again; samples give up on their own
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

    private void search() {
        List<Sample> stored = watched.values().stream().filter(s -> s.storedAt != null).toList();
        List<CompletableFuture<Void>> searches = new ArrayList<>();
        for (Sample sample : stored) {
            String q = URLEncoder.encode(sample.token, StandardCharsets.UTF_8);
            searches.add(http.sendAsync(HttpRequest.newBuilder(
                            catalog.resolve("/api/papers/search?limit=1&q=" + q)).build(),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                        if (response.statusCode() == 200 && sample.inResults.matcher(response.body()).find()) {
                            watched.remove(sample.id);
                            sample.found.complete(new Found(System.nanoTime(), System.currentTimeMillis(),
                                    sample.storedAt));
                        }
                    }));
        }
        CompletableFuture.allOf(searches.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        watched.values().forEach(s -> s.found.cancel(false));
    }
}

package dev.paperboy.catalog.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Sends the search API's own requests (search as a client polls it, ranked search, listing) to this instance's
 * web server once it listens, before the service reports ready. {@link SearchWarmUp} runs the searcher directly;
 * the HTTP layer above it (the handler's parameter binding, which the first request resolves by loading classes
 * from the runnable jar, the JSON writer, the request's observation) was still cold when the first clients
 * searched a just-started catalog, with the stack using both cores. Read-only: it searches the real index. Then,
 * as the last step before ready, one full garbage collection.
 * Without a web server (tests on a mock servlet environment) there is nothing to warm and it counts as done.
 */
final class SearchHttpWarmUp implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(SearchHttpWarmUp.class);
    /** Rounds of every request: the first loads and links, the next ones find the caches filled. */
    static final int ROUNDS = 3;
    static final List<String> REQUESTS = List.of(
            "/api/papers/search?sort=upvotes&limit=100&minUpvotes=0&q=warmup",
            "/api/papers/search?q=warm+up+language+model&limit=10",
            "/api/papers?sort=recent&limit=10");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private volatile boolean done;
    private volatile int answered;

    SearchHttpWarmUp(ApplicationContext context) {
        this.done = !(context instanceof WebServerApplicationContext); // no server coming: nothing to wait for
    }

    /** Whether the warm-up has ended, or there is no web server to warm (the {@code searchIndex} health waits). */
    boolean done() {
        return done;
    }

    /** Requests answered 200 so far. */
    int answered() {
        return answered;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null || done) {
            return; // a management server on a port of its own, or no warm-up wanted
        }
        int port = event.getWebServer().getPort();
        Thread.ofPlatform().daemon().name("search-http-warm-up").start(() -> run(port));
    }

    private void run(int port) {
        long started = System.nanoTime();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                for (String path : REQUESTS) {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + path)).timeout(TIMEOUT).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        answered++;
                    } else {
                        log.warn("search HTTP warm-up: {} answered {}", path, response.statusCode());
                    }
                }
            }
            long gc = System.nanoTime();
            // the last step before ready: collect the start-up's garbage and move what it keeps to the old
            // generation now; else the first young collections under load copy it, 130-400 ms pauses in a cold run
            // (against 10-60 ms later) while the first papers wait
            System.gc();
            log.info("search API warmed up over HTTP: {} requests in {} ms, then a full collection in {} ms", answered,
                    Duration.ofNanos(gc - started).toMillis(), Duration.ofNanos(System.nanoTime() - gc).toMillis());
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("search HTTP warm-up failed: the first searches may be slow", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }
}

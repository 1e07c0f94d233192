package dev.paperboy.catalog.search;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.support.GenericApplicationContext;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP half of the start-up warm-up, against a stand-in web server that records what it was asked. */
class SearchHttpWarmUpTest {

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString());
            byte[] body = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    /** A web server context for the event, with the given server namespace (null: the application's server). */
    private static WebServerApplicationContext context(String namespace) {
        return (WebServerApplicationContext) Proxy.newProxyInstance(SearchHttpWarmUpTest.class.getClassLoader(),
                new Class<?>[] {WebServerApplicationContext.class},
                (proxy, method, args) -> "getServerNamespace".equals(method.getName()) ? namespace : null);
    }

    private static WebServerInitializedEvent started(int port, WebServerApplicationContext context) {
        WebServer webServer = new WebServer() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public int getPort() {
                return port;
            }
        };
        return new WebServerInitializedEvent(webServer) {
            @Override
            public WebServerApplicationContext getApplicationContext() {
                return context;
            }
        };
    }

    @Test
    void sendsTheSearchRequestsOnceTheServerListensAndIsDoneAfterThem() throws IOException {
        int port = serve(200);
        WebServerApplicationContext context = context(null);
        SearchHttpWarmUp warmUp = new SearchHttpWarmUp(context);
        assertThat(warmUp.done()).as("a web server is coming: readiness waits for it").isFalse();

        warmUp.onApplicationEvent(started(port, context));
        await().atMost(Duration.ofSeconds(30)).until(warmUp::done);

        assertThat(asked).hasSize(SearchHttpWarmUp.ROUNDS * SearchHttpWarmUp.REQUESTS.size())
                .containsAll(SearchHttpWarmUp.REQUESTS)
                .anyMatch(path -> path.startsWith("/api/papers/search?"));
        assertThat(warmUp.answered()).isEqualTo(asked.size());
    }

    @Test
    void failedRequestsDoNotHoldReadinessBack() throws IOException {
        int port = serve(500);
        WebServerApplicationContext context = context(null);
        SearchHttpWarmUp warmUp = new SearchHttpWarmUp(context);

        warmUp.onApplicationEvent(started(port, context));
        await().atMost(Duration.ofSeconds(30)).until(warmUp::done);
        assertThat(warmUp.answered()).isZero();
    }

    @Test
    void aManagementServerIsNotWarmedAndNoServerMeansNothingToWaitFor() throws IOException {
        int port = serve(200);
        WebServerApplicationContext context = context(null);
        SearchHttpWarmUp warmUp = new SearchHttpWarmUp(context);
        warmUp.onApplicationEvent(started(port, context("management")));
        assertThat(warmUp.done()).isFalse();
        assertThat(asked).isEmpty();

        assertThat(new SearchHttpWarmUp(new GenericApplicationContext()).done())
                .as("a mock servlet environment has no server to warm").isTrue();
    }
}

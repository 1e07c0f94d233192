package dev.paperboy.ingest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.paperboy.testsupport.SharedInfrastructure;
import dev.paperboy.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one Spring context of this module's tests (same annotations, properties and dynamic properties, so Spring's
 * context cache shares it): the service on a random port, over the shared in-process broker and Mongo-wire
 * server, with both connectors pointed at one WireMock server per JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "paperboy.ingest.api-key=" + IngestTestBase.API_KEY,
        "paperboy.ingest.limits.max-upload=4MB",
        "paperboy.ingest.import-dir=${java.io.tmpdir}",
        "paperboy.ingest.limits.max-title-length=300",
        "paperboy.ingest.publish.batch-size=100",
        "paperboy.ingest.huggingface.initial-backoff=10ms",
        "paperboy.ingest.huggingface.max-backoff=50ms",
        "paperboy.ingest.huggingface.read-timeout=1s",
        "paperboy.ingest.arxiv.min-interval=10ms",
        "paperboy.ingest.arxiv.read-timeout=1s",
        "paperboy.ingest.arxiv.page-size=2",
})
@SharedInfrastructure(database = "ingest-test")
public abstract class IngestTestBase {

    public static final String API_KEY = "test-key";

    protected static final WireMockServer WIREMOCK = startWireMock();
    private static final AtomicInteger IDS = new AtomicInteger((int) (System.nanoTime() % 50_000));

    @LocalServerPort
    protected int port;

    @Autowired
    protected IngestProperties properties;

    protected final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        registry.add("paperboy.ingest.huggingface.base-url", WIREMOCK::baseUrl);
        registry.add("paperboy.ingest.arxiv.base-url", WIREMOCK::baseUrl);
    }

    private static WireMockServer startWireMock() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-shutdown"));
        return server;
    }

    @BeforeEach
    void resetStubs() {
        WIREMOCK.resetAll();
    }

    /** A fresh new-style arXiv id per call, so tests sharing the broker and database never see each other. */
    protected static String uniqueId() {
        int n = IDS.incrementAndGet() % 100_000;
        return String.format("29%02d.%05d", 1 + (n / 100_000) % 12, n);
    }

    protected static String bootstrapServers() {
        return SharedKafka.bootstrapServers();
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("X-API-Key", API_KEY);
    }

    protected HttpResponse<String> postJson(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}

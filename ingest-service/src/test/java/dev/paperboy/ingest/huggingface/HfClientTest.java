package dev.paperboy.ingest.huggingface;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.sun.net.httpserver.HttpServer;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.RecordingSleeper;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.publish.IngestMetrics;
import dev.paperboy.testsupport.SamplePapers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Hugging Face client against a real HTTP stub, with waits recorded by a controllable clock. */
class HfClientTest {

    @RegisterExtension
    static WireMockExtension hf = WireMockExtension.newInstance().options(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort()).build();

    private static final LocalDate DAY = LocalDate.parse("2025-08-15");

    private final RecordingSleeper sleeper = new RecordingSleeper(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HfClient client;

    @BeforeEach
    void client() {
        client = client(Duration.ofSeconds(20));
    }

    private HfClient client(Duration readTimeout) {
        IngestProperties.HuggingFace settings = new IngestProperties.HuggingFace(true,
                URI.create(hf.baseUrl()), Duration.ofMinutes(15), 7, 100, 50, 4, Duration.ofMillis(100),
                Duration.ofSeconds(60), Duration.ofSeconds(2), readTimeout);
        return new HfClient(settings, new IngestMetrics(registry, sleeper), sleeper);
    }

    private double rateLimitWaits() {
        return registry.get("paperboy.ingest.ratelimit.waits").tag("source", "huggingface").counter().count();
    }

    @Test
    void readsAPageInTheRealShapeWithDateAndPagingParameters() {
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("date", equalTo("2025-08-15"))
                .withQueryParam("p", equalTo("0")).withQueryParam("limit", equalTo("100"))
                .willReturn(okJson(SamplePapers.hfDailyPapersJson())));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("p", equalTo("1")).willReturn(okJson("[]")));
        assertThat(client.page(DAY, 0)).hasSize(15);
        assertThat(client.page(DAY, 1)).isEmpty();
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void waitsAsA429AsksThroughRetryAfterOrTheRateLimitHeader() {
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("second"));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("limited").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(429).withHeader("RateLimit", "\"api\";r=0;t=7"))
                .willSetStateTo("open"));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("limited").whenScenarioStateIs("open")
                .willReturn(okJson("[]")));
        assertThat(client.page(DAY, 0)).isEmpty();
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(7));
        assertThat(rateLimitWaits()).isEqualTo(2);
    }

    @Test
    void anExhaustedWindowOnASuccessDelaysTheNextCall() {
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(okJson("[]")
                .withHeader("RateLimit", "\"api\";r=0;t=30").withHeader("RateLimit-Policy", "\"api\";q=500;w=300")));
        client.page(DAY, 0);
        assertThat(sleeper.sleeps()).isEmpty();
        client.page(DAY, 1);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void refusesToWaitLongerThanTheConfiguredMaximum() {
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")));
        assertThatThrownBy(() -> client.page(DAY, 0)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("600");
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffThenGivesUp() {
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("still"));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("flaky").whenScenarioStateIs("still")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(okJson("[]")));
        assertThat(client.page(DAY, 0)).isEmpty();
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(aResponse().withStatus(500)));
        hf.resetScenarios();
        hf.resetAll();
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> client.page(DAY, 0)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("after 4 attempts").hasMessageContaining("HTTP 500");
        hf.verify(4, getRequestedFor(urlPathEqualTo("/api/daily_papers")));
    }

    @Test
    void refusesAnHtmlErrorPageServedWith200AndTruncatedJson() {
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("p", equalTo("0"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>We'll be right back</body></html>")));
        assertThatThrownBy(() -> client.page(DAY, 0)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("text/html");

        String sample = SamplePapers.hfDailyPapersJson();
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("p", equalTo("1"))
                .willReturn(okJson(sample.substring(0, sample.length() / 2))));
        assertThatThrownBy(() -> client.page(DAY, 1)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    @Timeout(30) // a read timeout that no longer fires would otherwise hang here for ever
    void anAnswerThatNeverComesTimesOutAndIsRetried() throws Exception {
        // the first request's answer is held until the end of the test, so the timeout fires whatever the machine's
        // speed; every later request is answered at once
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newCachedThreadPool();
        stub.setExecutor(handlers);
        stub.createContext("/api/daily_papers", exchange -> {
            if (requests.incrementAndGet() == 1) {
                awaitQuietly(release);
            }
            byte[] body = SamplePapers.hfDailyPapersJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try (exchange) {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException gone) {
                // the held answer: the client stopped waiting long ago
            }
        });
        stub.start();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger clientLog = (Logger) LoggerFactory.getLogger(HfClient.class);
        clientLog.addAppender(logged);
        logged.start();
        try {
            IngestProperties.HuggingFace settings = new IngestProperties.HuggingFace(true,
                    URI.create("http://localhost:" + stub.getAddress().getPort()), Duration.ofMinutes(15), 7, 100,
                    50, 4, Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(2),
                    Duration.ofSeconds(1));
            HfClient impatient = new HfClient(settings, new IngestMetrics(registry, sleeper), sleeper);

            assertThat(impatient.page(DAY, 0)).hasSize(15);
            // the retry after a timeout backs off first (the stub sends no error, so this wait is the timeout's)
            assertThat(requests.get()).isGreaterThanOrEqualTo(2);
            assertThat(sleeper.sleeps()).startsWith(Duration.ofMillis(100));
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage).first().asString()
                    .contains("2025-08-15 page 0: no answer").contains("attempt 1");
        } finally {
            clientLog.detachAppender(logged);
            release.countDown();
            stub.stop(0);
            handlers.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

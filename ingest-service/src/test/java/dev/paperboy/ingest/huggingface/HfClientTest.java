package dev.paperboy.ingest.huggingface;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.RecordingSleeper;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.publish.IngestMetrics;
import dev.paperboy.testsupport.SamplePapers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

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
    void aSlowAnswerTimesOutAndIsRetried() {
        // the first request of a JVM can take a while (connection, JIT): warm up before measuring a short timeout
        HfClient impatient = client(Duration.ofMillis(400));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("p", equalTo("9")).willReturn(okJson("[]")));
        assertThat(client(Duration.ofSeconds(20)).page(DAY, 9)).isEmpty();
        impatient.page(DAY, 9);
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("[]").withFixedDelay(1500)).willSetStateTo("fast"));
        hf.stubFor(get(urlPathEqualTo("/api/daily_papers")).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(okJson(SamplePapers.hfDailyPapersJson())));
        int before = sleeper.sleeps().size();
        assertThat(impatient.page(DAY, 0)).hasSize(15);
        assertThat(sleeper.sleeps().subList(before, sleeper.sleeps().size())).containsExactly(Duration.ofMillis(100));
    }
}

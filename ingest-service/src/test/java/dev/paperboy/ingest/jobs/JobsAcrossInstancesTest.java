package dev.paperboy.ingest.jobs;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.ingest.IngestApplication;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.testsupport.SharedInfrastructureContextCustomizerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ingest instances on one database, as behind a load balancer: the test context and a second application
 * context (restarted once). Jobs are seen and cancelled through either, and outlive the instance that ran them.
 */
class JobsAcrossInstancesTest extends IngestTestBase {

    private static final String SECOND = "second-instance";

    private ConfigurableApplicationContext second;

    @AfterEach
    void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    private ConfigurableApplicationContext startSecond() {
        Map<String, Object> properties = new HashMap<>(SharedInfrastructureContextCustomizerFactory
                .properties("ingest-test"));
        properties.put("server.port", "0");
        properties.put("paperboy.ingest.api-key", API_KEY);
        properties.put("paperboy.ingest.jobs.instance-id", SECOND);
        properties.put("paperboy.ingest.huggingface.base-url", WIREMOCK.baseUrl());
        properties.put("paperboy.ingest.huggingface.read-timeout", "1s");
        // as command-line arguments: they take precedence over application.yml, as in a real deployment
        return new SpringApplicationBuilder(IngestApplication.class).run(properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private HttpResponse<String> call(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", API_KEY).header("Content-Type", "application/json");
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode job(int port, String id) throws Exception {
        HttpResponse<String> response = call(port, "GET", "/api/jobs/" + id, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    private String backfill(int port, String from, String to) throws Exception {
        HttpResponse<String> started = call(port, "POST", "/api/backfills",
                "{\"source\":\"huggingface\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return EventCodec.mapper().readTree(started.body()).get("id").asString();
    }

    private JsonNode awaitEnd(int port, String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = job(port, id);
            return !"RUNNING".equals(last[0].get("status").asString());
        });
        return last[0];
    }

    @Test
    void jobsAreSeenAndCancelledThroughAnyInstanceAndOutliveARestart() throws Exception {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(okJson("[]").withFixedDelay(200)));
        second = startSecond();
        int secondPort = port(second);

        String slow = backfill(port, "2025-01-01", "2025-03-31");
        JsonNode running = job(secondPort, slow);
        assertThat(running.get("status").asString()).isEqualTo("RUNNING");
        assertThat(running.get("owner").asString()).isNotEqualTo(SECOND);
        assertThat(running.get("source").asString()).isEqualTo("huggingface");
        assertThat(running.get("parameters").get("from").asString()).isEqualTo("2025-01-01");

        HttpResponse<String> cancel = call(secondPort, "DELETE", "/api/jobs/" + slow, null);
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(awaitEnd(secondPort, slow).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(job(port, slow).get("status").asString()).isEqualTo("CANCELLED");

        String quick = backfill(secondPort, "2025-02-01", "2025-02-01");
        JsonNode quickEnd = awaitEnd(port, quick);
        assertThat(quickEnd.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(quickEnd.get("owner").asString()).isEqualTo(SECOND);

        second.close();
        second = startSecond();
        secondPort = port(second);
        assertThat(job(secondPort, quick)).isEqualTo(quickEnd);
        assertThat(job(secondPort, slow).get("status").asString()).isEqualTo("CANCELLED");

        String cutShort = backfill(secondPort, "2025-04-01", "2025-06-30");
        second.close();
        second = null;
        JsonNode interrupted = job(port, cutShort);
        assertThat(interrupted.get("status").asString()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.get("errors").get(interrupted.get("errors").size() - 1).asString())
                .contains(SECOND).contains("run it again");
    }
}

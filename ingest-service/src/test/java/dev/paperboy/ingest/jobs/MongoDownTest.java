package dev.paperboy.ingest.jobs;

import dev.paperboy.contracts.EventCodec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The service with a MongoDB that is not there: jobs are not started blind, and callers are told to retry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=mongodb://localhost:1/ingest-mongo-down?serverSelectionTimeoutMS=300&connectTimeoutMS=300",
        "spring.kafka.bootstrap-servers=localhost:1",
        // this context exists for two requests: create only what they touch, and no topics on a missing broker
        "spring.main.lazy-initialization=true",
        "spring.kafka.admin.auto-create=false",
        "paperboy.ingest.api-key=mongo-down-key",
        "paperboy.ingest.publish.retry-after=9s",
})
class MongoDownTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", "mongo-down-key").header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJobIsNotStartedWhenItsStatusCannotBeStoredAndReadsAnswer503() throws Exception {
        HttpResponse<String> started = call("POST", "/api/backfills",
                "{\"source\":\"huggingface\",\"from\":\"2025-01-01\",\"to\":\"2025-01-02\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(503);
        assertThat(started.headers().firstValue("Retry-After")).hasValue("9");
        assertThat(started.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EventCodec.mapper().readTree(started.body());
        assertThat(problem.get("title").asString()).isEqualTo("MongoDB unavailable");

        HttpResponse<String> status = call("GET", "/api/jobs/some-job", null);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(503);
    }
}

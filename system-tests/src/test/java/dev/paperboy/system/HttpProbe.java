package dev.paperboy.system;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends one request and checks the answer the way a careful API client would. */
final class HttpProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpProbe() {
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    static HttpRequest.Builder postJson(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("X-API-Key", PaperboyStack.API_KEY).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Never a server error; every refusal is problem+json with its status. */
    static HttpResponse<String> assertNoServerError(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as("%s -> %s %s", what, response.statusCode(), response.body())
                .isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as("%s: refusal content type", what).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).as("%s: problem status", what)
                    .isEqualTo(response.statusCode());
        }
        return response;
    }

    /** A 400 problem naming {@code field} in its {@code errors}. */
    static void assertRejectsField(HttpResponse<String> response, String field, String what) {
        assertNoServerError(response, what);
        assertThat(response.statusCode()).as("%s -> %s", what, response.body()).isEqualTo(400);
        assertThat(fieldsOf(response.body())).as("%s: fields named in %s", what, response.body())
                .anySatisfy(named -> assertThat(named.equals(field) || named.startsWith(field + "[")
                        || named.startsWith(field + ".") || named.startsWith(field + "/")).isTrue());
    }

    static List<String> fieldsOf(String problemJson) {
        List<String> fields = new ArrayList<>();
        JSON.readTree(problemJson).path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }
}

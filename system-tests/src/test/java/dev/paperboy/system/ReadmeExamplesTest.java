package dev.paperboy.system;

import dev.paperboy.testsupport.SharedMongo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Try it" commands, sent as written to the three services (only their ports and the admin key are
 * those of the test stack), after the sample papers were imported with the README's own import command, as
 * {@code ./run-local} does before it prints the URLs. Each command must answer what the README says it does; a
 * command this test has no expectation for fails it, so a new example cannot go unchecked.
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String LOCAL_STACK_KEY = "local-dev-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SEED = "samples/seed-papers.jsonl";
    private static final String HF_SAMPLE = "samples/hf-daily-papers.sample.json";

    @BeforeAll
    static void requireMongo() {
        SharedMongo.assumeAvailable();
    }

    @Test
    void everyTryItCommandOfTheReadmeAnswersAsTheReadmeSays() throws Exception {
        PaperboyStack stack = PaperboyStack.inProcess();
        List<ReadmeCurl> examples = ReadmeCurl.inSection(ROOT.resolve("README.md"), "### Try it");
        assertThat(examples).as("curl commands under 'Try it'").hasSizeGreaterThanOrEqualTo(15);

        // the sample files, as run-local imports them; each valid line is a paper (README "Local stack")
        Map<String, Long> validPapers = Map.of(SEED, 37L, HF_SAMPLE, 15L);
        Map<String, Long> rejectedPapers = Map.of(SEED, 6L, HF_SAMPLE, 0L);
        String lastJob = null;
        for (ReadmeCurl importFile : examples.stream().filter(e -> e.url().contains("/api/imports")).toList()) {
            HttpResponse<String> imported = send(stack, importFile, null);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
            lastJob = JSON.readTree(imported.body()).path("id").asString();
            URI job = stack.ingest.url("/api/jobs/" + lastJob);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode status = JSON.readTree(HttpProbe.send(HttpProbe.get(job)
                        .header("X-API-Key", PaperboyStack.API_KEY)).body());
                assertThat(status.path("status").asString()).as(importFile.source()).isEqualTo("COMPLETED");
                assertThat(status.path("accepted").asLong() + status.path("unchanged").asLong())
                        .as(importFile.source()).isEqualTo(validPapers.get(importFile.bodyFile()));
                assertThat(status.path("rejected").asLong()).as(importFile.source())
                        .isEqualTo(rejectedPapers.get(importFile.bodyFile()));
            });
        }
        assertThat(lastJob).as("the README shows an import").isNotNull();
        String jobId = lastJob; // "follow the job"

        // reads first (the samples reach the catalog's index asynchronously), then the commands that change state
        List<ReadmeCurl> reads = new ArrayList<>();
        List<ReadmeCurl> writes = new ArrayList<>();
        for (ReadmeCurl example : examples) {
            (example.method().equals("GET") ? reads : writes).add(example);
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (ReadmeCurl read : reads) {
                expect(read, send(stack, read, jobId));
            }
        });
        for (ReadmeCurl write : writes) {
            expect(write, send(stack, write, jobId));
        }
        // "the confirmation email appears at http://localhost:8025"
        await().atMost(Duration.ofSeconds(60)).until(() -> stack.mail.getReceivedMessagesForDomain("me@example.org")
                .length > 0);
    }

    /** What the README says each command does, by service and path. */
    private static void expect(ReadmeCurl example, HttpResponse<String> response) {
        String what = example.source() + " -> " + response.statusCode() + " " + abbreviate(response.body());
        String path = example.uri().getRawPath();
        String query = Objects.requireNonNullElse(example.uri().getQuery(), "");
        int status = response.statusCode();
        switch (example.port() + " " + example.method() + " " + pathPattern(path)) {
            case "8082 GET /api/papers" -> {
                if ("limit=500".equals(query)) { // "Errors are problem+json naming each bad field"
                    assertThat(status).as(what).isEqualTo(400);
                    assertThat(response.headers().firstValue("Content-Type")).as(what)
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                    assertThat(HttpProbe.fieldsOf(response.body())).as(what).contains("limit");
                    return;
                }
                // what the filters and the sort promise, on every item
                int previousUpvotes = Integer.MAX_VALUE;
                for (JsonNode item : items(response, what)) {
                    int upvotes = item.path("upvotes").asInt();
                    if (query.contains("month=2025-08")) {
                        assertThat(item.path("dailyDate").asString()).as(what).startsWith("2025-08");
                    }
                    if (query.contains("category=cs.CL")) {
                        assertThat(item.path("categories").toString()).as(what).contains("\"cs.CL\"");
                    }
                    if (query.contains("minUpvotes=1")) {
                        assertThat(upvotes).as(what).isGreaterThanOrEqualTo(1);
                    }
                    if (query.contains("sort=upvotes")) {
                        assertThat(upvotes).as("sorted by upvotes: " + what).isLessThanOrEqualTo(previousUpvotes);
                        previousUpvotes = upvotes;
                    }
                }
            }
            case "8082 GET /api/papers/search" -> {
                JsonNode first = items(response, what).get(0);
                assertThat(first.path("highlights").toString()).as("highlighted snippets: " + what).contains("<mark>");
                Matcher phrase = Pattern.compile("\"([^\"]+)\"").matcher(query);
                if (phrase.find()) { // "quoted phrases work": every hit has the words side by side
                    for (JsonNode item : items(response, what)) {
                        String text = (item.path("title").asString() + " " + item.path("abstract").asString())
                                .toLowerCase().replaceAll("\\s+", " ");
                        assertThat(text).as("the quoted phrase: " + what).contains(phrase.group(1).toLowerCase());
                    }
                }
            }
            case "8082 GET /api/papers/{id}" -> {
                assertThat(status).as(what).isEqualTo(200);
                String id = path.substring("/api/papers/".length()).replaceFirst("v\\d+$", "");
                assertThat(JSON.readTree(response.body()).path("id").asString()).as(what).isEqualTo(id);
            }
            case "8082 GET /api/papers/{id}/similar" -> {
                String id = path.split("/")[3];
                for (JsonNode item : items(response, what)) {
                    assertThat(item.path("id").asString()).as("a paper is not similar to itself: " + what)
                            .isNotEqualTo(id);
                }
            }
            case "8082 GET /api/trending" -> {
                assertThat(status).as(what).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).isObject()).as(what).isTrue();
            }
            case "8082 GET /feeds/search", "8082 GET /feeds/papers" -> {
                assertThat(status).as(what).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).as(what)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/atom+xml"));
                assertThat(response.headers().firstValue("ETag")).as("ETag: " + what).isPresent();
                assertThat(response.headers().firstValue("Last-Modified")).as("Last-Modified: " + what).isPresent();
                assertThat(response.body()).as(what).contains("<feed").contains("<entry>");
            }
            case "8082 POST /api/admin/trending/run" -> assertThat(status).as(what).isEqualTo(200);
            case "8081 POST /api/papers", "8081 POST /api/imports", "8083 POST /api/subscriptions" ->
                    assertThat(status).as(what).isEqualTo(202);
            case "8081 GET /api/jobs/{id}" -> {
                assertThat(status).as(what).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).path("status").asString()).as(what).isEqualTo("COMPLETED");
            }
            default -> throw new AssertionError("README example without an expectation in this test: "
                    + example.source());
        }
    }

    private static String pathPattern(String path) {
        String[] parts = path.split("/");
        if (parts.length >= 4 && Set.of("papers", "jobs").contains(parts[2]) && !parts[3].equals("search")) {
            parts[3] = "{id}";
        }
        return String.join("/", parts);
    }

    private static JsonNode items(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(200);
        JsonNode items = JSON.readTree(response.body()).path("items");
        assertThat(items.isArray() && !items.isEmpty()).as("non-empty items: " + what).isTrue();
        return items;
    }

    /** Sends the command to the test stack's service on the README's port, with the test stack's admin key. */
    private static HttpResponse<String> send(PaperboyStack stack, ReadmeCurl example, String jobId) throws Exception {
        ServiceProcess service = switch (example.port()) {
            case 8081 -> stack.ingest;
            case 8082 -> stack.catalog;
            case 8083 -> stack.notify;
            default -> throw new AssertionError("README example on an unknown port: " + example.source());
        };
        String pathAndQuery = example.pathAndQuery();
        if (pathAndQuery.contains("%3Cjob-id%3E")) {
            assertThat(jobId).as("a job id from the import").isNotBlank();
            pathAndQuery = pathAndQuery.replace("%3Cjob-id%3E", jobId);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(service.url(pathAndQuery));
        for (Map.Entry<String, String> header : example.headers().entrySet()) {
            String value = header.getValue();
            if (header.getKey().equalsIgnoreCase("X-API-Key")) {
                assertThat(value).as("the local stack's admin key in: " + example.source()).isEqualTo(LOCAL_STACK_KEY);
                value = PaperboyStack.API_KEY;
            }
            request.header(header.getKey(), value);
        }
        HttpRequest.BodyPublisher body;
        if (example.bodyFile() != null) {
            Path file = ROOT.resolve(example.bodyFile());
            if (!file.toFile().isFile()) {
                throw new FileNotFoundException("README names a file that is not in the repository: " + file);
            }
            body = HttpRequest.BodyPublishers.ofFile(file);
        } else if (example.body() != null) {
            body = HttpRequest.BodyPublishers.ofString(example.body());
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        return HttpProbe.send(request.method(example.method(), body));
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}

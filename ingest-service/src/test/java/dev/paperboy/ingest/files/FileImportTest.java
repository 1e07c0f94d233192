package dev.paperboy.ingest.files;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.IngestReject;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.ingest.TopicReader;
import dev.paperboy.testsupport.SamplePapers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FileImportTest extends IngestTestBase {

    /** The 43 sample lines with fresh ids (6 have no id and stay invalid), plus two broken lines and a blank one. */
    private static List<String> mixedJsonLines(List<String> ids) {
        List<String> lines = new ArrayList<>();
        for (String line : SamplePapers.jsonLines()) {
            ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(line);
            if (!node.get("arxivId").isNull()) {
                String id = uniqueId();
                ids.add(id);
                node.put("arxivId", id);
            }
            lines.add(node.toString());
        }
        lines.add(10, "{\"arxivId\": \"2412.07762\", \"title\": ");
        lines.add(20, "");
        lines.add(30, "{\"arxivId\": \"2412.07762\", \"title\": 5}");
        return lines;
    }

    private JsonNode awaitJob(HttpResponse<String> started) {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/jobs/");
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = EventCodec.mapper().readTree(send(request(location).GET()).body());
            return !"RUNNING".equals(last[0].get("status").asString());
        });
        return last[0];
    }

    @Test
    void importsJsonLinesWithMixedGoodAndBadLinesThenRecognisesTheSameFileAsUnchanged() throws Exception {
        List<String> ids = new ArrayList<>();
        String body = String.join("\n", mixedJsonLines(ids)) + "\n";
        HttpResponse<String> started = send(request("/api/imports?format=jsonl")
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)));
        JsonNode job = awaitJob(started);
        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("type").asString()).isEqualTo("import");
        assertThat(job.get("accepted").asLong()).isEqualTo(37);
        assertThat(job.get("rejected").asLong()).isEqualTo(8);
        assertThat(job.get("unchanged").asLong()).isZero();
        assertThat(job.get("processed").asLong()).isEqualTo(45);
        assertThat(job.get("ratePerSecond").asDouble()).isPositive();
        assertThat(job.get("finishedAt").isNull()).isFalse();

        Set<String> keys = TopicReader.read(Topics.PAPERS, r -> ids.contains(r.key())).stream()
                .map(r -> r.key()).collect(Collectors.toSet());
        assertThat(keys).containsExactlyInAnyOrderElementsOf(ids);

        // no content type: the format parameter decides
        JsonNode again = awaitJob(send(request("/api/imports?format=jsonl")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
        assertThat(again.get("accepted").asLong()).isZero();
        assertThat(again.get("unchanged").asLong()).isEqualTo(37);
        assertThat(TopicReader.read(Topics.PAPERS, r -> ids.contains(r.key()))).hasSize(37);
    }

    @Test
    void aLongFileKeepsFileOrderAndLineNumbersAcrossParsingChunks() throws Exception {
        // lines are parsed in chunks on other threads: 1,200 lines span several chunks
        String seed = SamplePapers.jsonLines().stream()
                .filter(line -> !EventCodec.mapper().readTree(line).get("arxivId").isNull()).findFirst().orElseThrow();
        String twice = uniqueId();
        String marker = "broken-" + uniqueId();
        List<String> ids = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int lineNumber = 1; lineNumber <= 1200; lineNumber++) {
            ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(seed);
            if (lineNumber == 3 || lineNumber == 1100) {
                node.put("arxivId", twice);
                node.put("title", lineNumber == 3 ? "First sighting" : "Last sighting");
            } else {
                String id = uniqueId();
                ids.add(id);
                node.put("arxivId", id);
            }
            lines.add(lineNumber == 777 ? "{\"arxivId\": \"" + marker + "\", " : node.toString());
        }
        JsonNode job = awaitJob(send(request("/api/imports?format=jsonl")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n"))));

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("rejected").asLong()).isEqualTo(1);
        assertThat(job.get("accepted").asLong() + job.get("unchanged").asLong()).isEqualTo(1199);
        List<PaperEvent> sightings = TopicReader.byKey(Topics.PAPERS, twice).stream()
                .map(r -> EventCodec.fromJson(r.value(), PaperEvent.class)).toList();
        assertThat(sightings.getLast().title()).isEqualTo("Last sighting");
        assertThat(TopicReader.read(Topics.PAPERS, r -> ids.contains(r.key()))).hasSize(1197);
        List<IngestReject> rejects = TopicReader.read(Topics.INGEST_REJECTS,
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker)).stream()
                .map(r -> EventCodec.fromJson(r.value(), IngestReject.class)).toList();
        assertThat(rejects).singleElement().satisfies(reject -> assertThat(reject.location()).endsWith(":777"));
    }

    @Test
    void importsHuggingFaceArraysFromMultipartUploadsAndPaths(@TempDir Path dir) throws Exception {
        ArrayNode array = (ArrayNode) EventCodec.mapper().readTree(SamplePapers.hfDailyPapersJson());
        List<String> ids = new ArrayList<>();
        for (JsonNode element : array) {
            String id = uniqueId();
            ids.add(id);
            ((ObjectNode) element.get("paper")).put("id", id);
        }
        String boundary = "paperboy-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"daily.json\""
                + "\r\nContent-Type: application/json\r\n\r\n" + array + "\r\n--" + boundary + "--\r\n";
        JsonNode job = awaitJob(send(request("/api/imports?format=hf")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart))));
        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("accepted").asLong()).as(job.toString()).isEqualTo(15);

        PaperEvent first = EventCodec.fromJson(TopicReader.byKey(Topics.PAPERS, ids.getFirst()).getFirst().value(),
                PaperEvent.class);
        assertThat(first.source()).isEqualTo(Source.FILE);
        assertThat(first.authors()).startsWith("Bowen Zhang", "Zixin Song");
        assertThat(first.dailyDate()).isEqualTo(LocalDate.parse("2025-08-15"));
        assertThat(first.title()).startsWith("CoDiEmb: A Collaborative yet Distinct Framework");

        // the same array, cut off in the middle of its third element, from a path
        String text = array.toString();
        int third = text.indexOf("{\"paper\"", text.indexOf(ids.get(1)));
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, text.substring(0, third + 200));
        JsonNode cut = awaitJob(postJson("/api/imports/path",
                "{\"path\":\"" + truncated + "\",\"format\":\"hf\"}"));
        assertThat(cut.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(cut.get("unchanged").asLong()).isEqualTo(2);
        assertThat(cut.get("rejected").asLong()).isEqualTo(1);
        assertThat(cut.get("errors").get(0).asString()).contains("malformed JSON");
    }

    @Test
    void refusesBadImportRequestsWithProblems() throws Exception {
        HttpResponse<String> noFormat = postJson("/api/imports/path", "{\"path\":\"/etc/hostname\"}");
        assertThat(noFormat.statusCode()).isEqualTo(400);
        assertThat(noFormat.body()).contains("\"field\":\"format\"");

        String tmp = System.getProperty("java.io.tmpdir");
        HttpResponse<String> missing = postJson("/api/imports/path",
                "{\"path\":\"" + tmp + "/no-such-file.jsonl\",\"format\":\"jsonl\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"field\":\"path\"").contains("not a readable file");

        // only the configured import directory can be read, however the path is written
        for (String outside : new String[] {"/etc/hostname", "../../../../etc/passwd", tmp + "/../etc/hostname"}) {
            HttpResponse<String> refused = postJson("/api/imports/path",
                    "{\"path\":\"" + outside + "\",\"format\":\"jsonl\"}");
            assertThat(refused.statusCode()).as(outside).isEqualTo(400);
            assertThat(refused.body()).as(outside).contains("\"field\":\"path\"")
                    .contains("outside the import directory");
        }

        HttpResponse<String> unknownJob = send(request("/api/jobs/nope").GET());
        assertThat(unknownJob.statusCode()).isEqualTo(404);
        assertThat(unknownJob.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        byte[] tooLarge = new byte[(int) properties.limits().maxUpload().toBytes() + 1024];
        java.util.Arrays.fill(tooLarge, (byte) ' ');
        HttpResponse<String> large = send(request("/api/imports?format=jsonl")
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge)));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("larger than");
    }

    @Test
    void cancellingAFinishedJobKeepsItsEnd() throws Exception {
        JsonNode job = awaitJob(send(request("/api/imports?format=jsonl")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("not json\n"))));
        assertThat(job.get("rejected").asLong()).isEqualTo(1);
        HttpResponse<String> cancelled = send(request("/api/jobs/" + job.get("id").asString()).DELETE());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(EventCodec.mapper().readTree(cancelled.body()).get("status").asString()).isEqualTo("COMPLETED");
    }
}

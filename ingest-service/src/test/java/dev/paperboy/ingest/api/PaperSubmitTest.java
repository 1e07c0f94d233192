package dev.paperboy.ingest.api;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.IngestReject;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.ingest.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PaperSubmitTest extends IngestTestBase {

    private static String paper(String id, int upvotes) {
        return """
                {"arxivId":"%sv2","title":"  A  wrapped\\n   title $\\\\mathcal{B}$ ","abstract":"Line one\\n  line two &amp; more",
                 "authors":["Ada Lovelace","Alan Turing"],"numAuthors":2,"category":"cs.LG","categories":["cs.LG","cs.AI"],
                 "publishedDate":"2025-08-15","upvotes":%d,"githubRepo":"https://github.com/x/y"}
                """.formatted(id, upvotes);
    }

    @Test
    void publishesAfterAcknowledgementKeyedByCanonicalIdAndSkipsUnchangedResubmits() throws Exception {
        String id = uniqueId();
        HttpResponse<String> first = postJson("/api/papers", paper(id, 3));
        assertThat(first.statusCode()).isEqualTo(202);
        JsonNode body = EventCodec.mapper().readTree(first.body());
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("version").asInt()).isEqualTo(2);
        assertThat(body.get("status").asString()).isEqualTo("published");

        // acknowledged before the answer: the record is already on the topic, on the partition Kafka's key hash picks
        List<ConsumerRecord<String, byte[]>> records = TopicReader.byKey(Topics.PAPERS, id);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.getFirst();
        assertThat(record.partition()).isEqualTo(
                Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % Topics.PAPERS_PARTITIONS);
        PaperEvent event = EventCodec.fromJson(record.value(), PaperEvent.class);
        assertThat(event.title()).isEqualTo("A wrapped title $\\mathcal{B}$");
        assertThat(event.abstractText()).isEqualTo("Line one line two &amp; more");
        assertThat(event.source()).isEqualTo(Source.API);
        assertThat(event.categories()).containsExactly("cs.LG", "cs.AI");
        assertThat(event.primaryCategory()).isEqualTo("cs.LG");
        assertThat(event.upvotes()).isEqualTo(3);

        HttpResponse<String> again = postJson("/api/papers", paper(id, 3));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(EventCodec.mapper().readTree(again.body()).get("status").asString()).isEqualTo("unchanged");
        assertThat(TopicReader.byKey(Topics.PAPERS, id)).hasSize(1);

        HttpResponse<String> moreVotes = postJson("/api/papers", paper(id, 4));
        assertThat(EventCodec.mapper().readTree(moreVotes.body()).get("status").asString()).isEqualTo("published");
        assertThat(TopicReader.byKey(Topics.PAPERS, id)).hasSize(2);
    }

    @Test
    void namesEveryBadFieldAsProblemJsonAndKeepsTheRejectOnTheRejectsTopic() throws Exception {
        String marker = "marker-" + uniqueId();
        HttpResponse<String> response = postJson("/api/papers", """
                {"arxivId":"not-an-id","abstract":"%s","authors":["ok", 7],"upvotes":"many","publishedDate":"yesterday"}
                """.formatted(marker));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = EventCodec.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asString()).isNotBlank();
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo("/api/papers");
        assertThat(problem.get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("arxivId", "authors/1", "upvotes", "publishedDate", "title");

        // the reject is published without holding up the 400: wait for it to be on the topic
        List<ConsumerRecord<String, byte[]>> rejects = await().atMost(Duration.ofSeconds(10)).until(
                () -> TopicReader.read(Topics.INGEST_REJECTS,
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker)),
                found -> !found.isEmpty());
        assertThat(rejects).hasSize(1);
        assertThat(rejects.getFirst().key()).isEqualTo("api");
        IngestReject reject = EventCodec.fromJson(rejects.getFirst().value(), IngestReject.class);
        assertThat(reject.source()).isEqualTo(Source.API);
        assertThat(reject.reasons()).extracting(IngestReject.Reason::field).contains("upvotes", "arxivId");
    }

    @Test
    void refusesMalformedJsonAndOversizedFields() throws Exception {
        HttpResponse<String> malformed = postJson("/api/papers", "{\"arxivId\": \"2412.07762\", ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(EventCodec.mapper().readTree(malformed.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("body");

        HttpResponse<String> longTitle = postJson("/api/papers", """
                {"arxivId":"%s","title":"%s"}""".formatted(uniqueId(), "x".repeat(301)));
        assertThat(longTitle.statusCode()).isEqualTo(400);
        assertThat(longTitle.body()).contains("\"field\":\"title\"").contains("longer than 300");
    }

    @Test
    void refusesControlCharactersUnpairedSurrogatesAndInjectedCategories() throws Exception {
        HttpResponse<String> response = postJson("/api/papers", """
                {"arxivId":"%s","title":"bad\\u0000title","abstract":"half \\ud800 pair","authors":["ok"],
                 "category":"cs.LG\\r\\nBcc: evil@example.org","categories":["cs.AI","<script>"]}
                """.formatted(uniqueId()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(EventCodec.mapper().readTree(response.body()).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("title", "abstract", "category", "categories/1");
    }

    @Test
    void adminEndpointsNeedTheApiKey() throws Exception {
        HttpRequest.Builder noKey = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/api/papers")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(paper(uniqueId(), 1)));
        HttpResponse<String> missing = send(noKey);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(EventCodec.mapper().readTree(missing.body()).get("status").asInt()).isEqualTo(401);

        HttpResponse<String> wrong = send(noKey.header("X-API-Key", "wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> backfill = send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/api/backfills")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(backfill.statusCode()).isEqualTo(401);
    }
}

package dev.paperboy.ingest.backfill;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.testsupport.SamplePapers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BackfillTest extends IngestTestBase {

    private JsonNode job(String location) throws Exception {
        return EventCodec.mapper().readTree(send(request(location).GET()).body());
    }

    private JsonNode awaitEnd(String location) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = job(location);
            return !"RUNNING".equals(last[0].get("status").asString());
        });
        return last[0];
    }

    @Test
    void aHuggingFaceBackfillFetchesEveryDayOfTheRange() throws Exception {
        ArrayNode array = (ArrayNode) EventCodec.mapper().readTree(SamplePapers.hfDailyPapersJson());
        for (JsonNode element : array) {
            ((ObjectNode) element.get("paper")).put("id", uniqueId());
        }
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).atPriority(10).willReturn(okJson("[]")));
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("date", equalTo("2025-08-15"))
                .withQueryParam("p", equalTo("0")).willReturn(okJson(array.toString())));

        HttpResponse<String> started = postJson("/api/backfills",
                "{\"source\":\"huggingface\",\"from\":\"2025-08-14\",\"to\":\"2025-08-16\"}");
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode end = awaitEnd(started.headers().firstValue("Location").orElseThrow());
        assertThat(end.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(end.get("type").asString()).isEqualTo("backfill");
        assertThat(end.get("accepted").asLong()).isEqualTo(15);
        for (String day : new String[] {"2025-08-14", "2025-08-15", "2025-08-16"}) {
            WIREMOCK.verify(getRequestedFor(urlPathEqualTo("/api/daily_papers")).withQueryParam("date", equalTo(day)));
        }
    }

    @Test
    void anArxivBackfillQueriesSubmissionDatesInTheConfiguredCategories() throws Exception {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/atom+xml")
                .withBody(SamplePapers.read("/fixtures/arxiv/empty.xml"))));
        HttpResponse<String> started = postJson("/api/backfills",
                "{\"source\":\"arxiv\",\"from\":\"2026-03-01\",\"to\":\"2026-03-02\"}");
        JsonNode end = awaitEnd(started.headers().firstValue("Location").orElseThrow());
        assertThat(end.get("status").asString()).isEqualTo("COMPLETED");
        WIREMOCK.verify(getRequestedFor(urlPathEqualTo("/api/query")).withQueryParam("search_query", equalTo(
                "(cat:cs.LG OR cat:cs.CL OR cat:cs.AI) AND submittedDate:[202603010000 TO 202603022359]"))
                .withQueryParam("sortBy", equalTo("submittedDate")));
    }

    @Test
    void aBackfillCanBeCancelledAndASourceFailureEndsItAsFailed() throws Exception {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(okJson("[]").withFixedDelay(300)));
        HttpResponse<String> started = postJson("/api/backfills",
                "{\"source\":\"huggingface\",\"from\":\"2025-01-01\",\"to\":\"2025-01-30\"}");
        String location = started.headers().firstValue("Location").orElseThrow();
        await().until(() -> !WIREMOCK.findAll(getRequestedFor(urlPathEqualTo("/api/daily_papers"))).isEmpty());
        HttpResponse<String> cancel = send(request(location).DELETE());
        assertThat(cancel.statusCode()).isEqualTo(200);
        JsonNode end = awaitEnd(location);
        assertThat(end.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(WIREMOCK.findAll(getRequestedFor(urlPathEqualTo("/api/daily_papers")))).hasSizeLessThan(30);

        WIREMOCK.resetAll();
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(aResponse().withStatus(404)));
        JsonNode failed = awaitEnd(postJson("/api/backfills",
                "{\"source\":\"huggingface\",\"from\":\"2025-01-01\",\"to\":\"2025-01-01\"}")
                .headers().firstValue("Location").orElseThrow());
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("errors").get(0).asString()).contains("HTTP 404");
    }

    @Test
    void refusesBadRanges() throws Exception {
        HttpResponse<String> bad = postJson("/api/backfills",
                "{\"source\":\"twitter\",\"from\":\"2025-02-01\",\"to\":\"2025-01-01\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problem = EventCodec.mapper().readTree(bad.body());
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("source", "to");
        assertThat(postJson("/api/backfills", "{\"source\":\"arxiv\",\"from\":\"yesterday\"}").body())
                .contains("\"field\":\"from\"").contains("\"field\":\"to\"");
    }
}

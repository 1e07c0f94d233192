package dev.paperboy.ingest.huggingface;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.ingest.TopicReader;
import dev.paperboy.testsupport.SamplePapers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class HfConnectorTest extends IngestTestBase {

    @Autowired
    HfConnector connector;

    @Autowired
    MeterRegistry meters;

    private ArrayNode sampleWithFreshIds(List<String> ids) {
        ArrayNode array = (ArrayNode) EventCodec.mapper().readTree(SamplePapers.hfDailyPapersJson());
        for (JsonNode element : array) {
            String id = uniqueId();
            ids.add(id);
            ((ObjectNode) element.get("paper")).put("id", id);
        }
        return array;
    }

    private void serve(LocalDate day, int page, String body) {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).withQueryParam("date", equalTo(day.toString()))
                .withQueryParam("p", equalTo(String.valueOf(page))).willReturn(okJson(body)));
    }

    @Test
    void aPollPagesThroughRecentDaysAndRepublishesOnlyWhatReadersSeeChange() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).atPriority(10).willReturn(okJson("[]")));
        List<String> ids = new ArrayList<>();
        ArrayNode all = sampleWithFreshIds(ids);
        ArrayNode first = EventCodec.mapper().createArrayNode();
        ArrayNode second = EventCodec.mapper().createArrayNode();
        for (int i = 0; i < all.size(); i++) {
            (i < 10 ? first : second).add(all.get(i));
        }
        second.add(EventCodec.mapper().readTree("{\"paper\":{\"id\":\"no id\",\"title\":\"broken\"}}"));
        serve(today, 0, first.toString());
        serve(today, 1, second.toString());
        double published = meters.counter("paperboy.ingest.published", "source", "huggingface").count();

        connector.poll();

        int days = Math.max(2, properties.huggingface().recentDays());
        WIREMOCK.verify(days, getRequestedFor(urlPathEqualTo("/api/daily_papers")).withQueryParam("p", equalTo("0")));
        WIREMOCK.verify(getRequestedFor(urlPathEqualTo("/api/daily_papers"))
                .withQueryParam("date", equalTo(today.minusDays(1).toString())));
        WIREMOCK.verify(getRequestedFor(urlPathEqualTo("/api/daily_papers"))
                .withQueryParam("date", equalTo(today.toString())).withQueryParam("p", equalTo("2")));
        assertThat(meters.counter("paperboy.ingest.published", "source", "huggingface").count() - published)
                .isEqualTo(15);
        PaperEvent event = EventCodec.fromJson(TopicReader.byKey(Topics.PAPERS, ids.getFirst()).getFirst().value(),
                PaperEvent.class);
        assertThat(event.source()).isEqualTo(Source.HUGGINGFACE);
        assertThat(event.dailyDate()).isEqualTo(LocalDate.parse("2025-08-15"));

        // the next poll sees one paper with more upvotes: only that one is published again
        ((ObjectNode) first.get(3).get("paper")).put("upvotes", 99);
        serve(today, 0, first.toString());
        connector.poll();
        assertThat(TopicReader.byKey(Topics.PAPERS, ids.get(3))).hasSize(2);
        assertThat(TopicReader.byKey(Topics.PAPERS, ids.get(4))).hasSize(1);
        assertThat(EventCodec.fromJson(TopicReader.byKey(Topics.PAPERS, ids.get(3)).getLast().value(),
                PaperEvent.class).upvotes()).isEqualTo(99);
        assertThat(meters.counter("paperboy.ingest.rejected", "source", "huggingface").count()).isGreaterThan(0);
        assertThat(meters.get("paperboy.ingest.last.success").tag("source", "huggingface").gauge().value())
                .isPositive();
    }

    @Test
    void aFailingSourceShowsItsLastErrorInHealthWithoutFailingThePoll() throws Exception {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/daily_papers")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>")));
        connector.poll();
        String health = send(request("/actuator/health").GET()).body();
        JsonNode details = EventCodec.mapper().readTree(health).at("/components/connectors/details/huggingface");
        assertThat(details.get("lastError").asString()).contains("text/html");
    }
}

package dev.paperboy.ingest.arxiv;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.ingest.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.paperboy.ingest.arxiv.ArxivAtomParserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class ArxivConnectorTest extends IngestTestBase {

    private static final String QUERY = "cat:cs.LG OR cat:cs.CL OR cat:cs.AI";

    @Autowired
    ArxivConnector connector;

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder atom(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/atom+xml; charset=utf-8")
                .withBody(fixture(fixture));
    }

    private void servePage(String start, String fixture) {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("search_query", equalTo(QUERY))
                .withQueryParam("sortBy", equalTo("lastUpdatedDate")).withQueryParam("sortOrder", equalTo("descending"))
                .withQueryParam("start", equalTo(start)).withQueryParam("max_results", equalTo("2"))
                .willReturn(atom(fixture)));
    }

    @Test
    void pollsNewestFirstAndStopsAtTheFirstEntryAlreadyPublishedUnchanged() {
        servePage("0", "full-entry.xml");
        servePage("2", "page2.xml");
        connector.poll();
        WIREMOCK.verify(2, getRequestedFor(urlPathEqualTo("/api/query")));
        PaperEvent paper = EventCodec.fromJson(TopicReader.byKey(Topics.PAPERS, "2603.01234").getLast().value(),
                PaperEvent.class);
        assertThat(paper.source()).isEqualTo(Source.ARXIV);
        assertThat(paper.version()).isEqualTo(3);
        assertThat(paper.doi()).isEqualTo("10.1234/bcoder.2026");
        assertThat(paper.journalRef()).isEqualTo("Proc. ICLR 2026, pp. 1--25");
        assertThat(paper.comment()).isEqualTo("Accepted at ICLR 2026; 25 pages, 6 figures");
        assertThat(paper.categories()).containsExactly("cs.LG", "cs.AI", "cs.PL");
        assertThat(paper.authors()).containsExactly("Zishun Yu", "Yunzhe Tao", "Liyu Chen");
        assertThat(paper.affiliations()).containsExactly("University of Illinois Chicago", "ByteDance", "Stanford");
        assertThat(TopicReader.byKey(Topics.PAPERS, "hep-th/9901001")).hasSize(1);
        assertThat(TopicReader.byKey(Topics.PAPERS, "2603.04002")).hasSize(1);

        // nothing new: the first page already shows published entries, so the poll stops there
        WIREMOCK.resetRequests();
        connector.poll();
        WIREMOCK.verify(1, getRequestedFor(urlPathEqualTo("/api/query")));

        // one new entry ahead of known ones
        WIREMOCK.resetRequests();
        servePage("0", "page1-updated.xml");
        connector.poll();
        WIREMOCK.verify(1, getRequestedFor(urlPathEqualTo("/api/query")));
        assertThat(TopicReader.byKey(Topics.PAPERS, "2603.04003")).hasSize(1);
        assertThat(TopicReader.byKey(Topics.PAPERS, "2603.01234")).hasSize(1);
    }

    private HttpResponse<String> fetch(String id) throws Exception {
        return send(request("/api/papers/arxiv/" + id).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void fetchesOnePaperByIdIncludingOldStyleIds() throws Exception {
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("id_list", equalTo("hep-th/9901001"))
                .willReturn(atom("full-entry.xml").withBody(fixture("full-entry.xml")
                        .replaceAll("(?s)<entry>.*?</entry>", "").replace("</feed>", "")
                        + fixture("full-entry.xml").substring(fixture("full-entry.xml").lastIndexOf("<entry>")))));
        HttpResponse<String> response = fetch("hep-th/9901001");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"id\":\"hep-th/9901001\"").contains("\"version\":1");
    }

    @Test
    void answersProblemsForUnknownIdsAndBrokenAnswers() throws Exception {
        assertThat(fetch("not-an-id").statusCode()).isEqualTo(400);

        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("id_list", equalTo("2603.09999"))
                .willReturn(atom("empty.xml")));
        HttpResponse<String> unknown = fetch("2603.09999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("id_list", equalTo("2603.09998"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<!DOCTYPE html><html><body>Rate exceeded.</body></html>")));
        assertThat(fetch("2603.09998").statusCode()).isEqualTo(502);

        String full = fixture("full-entry.xml");
        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("id_list", equalTo("2603.09997"))
                .willReturn(atom("full-entry.xml").withBody(full.substring(0, full.length() / 3))));
        assertThat(fetch("2603.09997").statusCode()).isEqualTo(502);

        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("id_list", equalTo("2603.09996"))
                .willReturn(aResponse().withStatus(500)));
        HttpResponse<String> failing = fetch("2603.09996");
        assertThat(failing.statusCode()).isEqualTo(502);
        assertThat(failing.body()).contains("after 3 attempts");
        WIREMOCK.verify(3, getRequestedFor(urlPathEqualTo("/api/query")).withQueryParam("id_list",
                equalTo("2603.09996")));

        WIREMOCK.stubFor(get(urlPathEqualTo("/api/query")).withQueryParam("id_list", equalTo("2603.09995"))
                .willReturn(atom("full-entry.xml").withFixedDelay(3000)));
        assertThat(fetch("2603.09995").statusCode()).isEqualTo(502);
    }
}

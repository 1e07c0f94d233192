package dev.paperboy.catalog.feeds;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import dev.paperboy.catalog.CatalogTest;
import dev.paperboy.catalog.search.MongoIndexFeeder;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.xml.sax.InputSource;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static dev.paperboy.catalog.CatalogTestSupport.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Atom feeds of listings and searches, read back with ROME; conditional GETs. */
@CatalogTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedControllerTest {

    static final String TAG = "feedtest";
    static final String LATEX = id(86, 1);
    static final String PLAIN = id(86, 2);
    static final String LATEX_TITLE = "$\\mathcal{B}$-Coder: <Value> & \"Policy\" 'Learning' for x < y";

    @Autowired
    MockMvc mvc;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MongoIndexFeeder feeder;

    static Document paper(String id, String title, int upvotes, Instant stored) {
        return new Document("_id", id).append("version", 2).append("title", title)
                .append("abstract", "Abstract of " + title + " with \u0001 a control character & <tags>.")
                .append("authors", List.of("Zishun Yu", "Yunzhe Tao")).append("categories", List.of("cs.LG"))
                .append("keywords", List.of(TAG)).append("dailyDate", "2025-12-10")
                .append("publishedAt", Date.from(Instant.parse("2023-10-04T17:00:00Z"))).append("upvotes", upvotes)
                .append("storedAt", Date.from(stored));
    }

    @BeforeAll
    void store() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(feeder::ready);
        mongo.getCollection("papers").insertMany(List.of(
                paper(LATEX, LATEX_TITLE, 9, Instant.parse("2025-12-10T10:00:00Z")),
                paper(PLAIN, "Plain policies", 3, Instant.parse("2025-12-10T11:00:00Z"))));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> mvc.perform(get("/api/papers")
                .param("keyword", TAG)).andExpect(jsonPath("$.total").value(2)));
    }

    private static SyndFeed read(MvcResult result) throws Exception {
        byte[] body = result.getResponse().getContentAsByteArray();
        return new SyndFeedInput().build(new InputSource(new ByteArrayInputStream(body)));
    }

    @Test
    void listingFeedIsValidAtom() throws Exception {
        MvcResult result = mvc.perform(get("/feeds/papers").param("keyword", TAG).param("sort", "upvotes"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.parseMediaType("application/atom+xml")))
                .andExpect(header().exists(HttpHeaders.ETAG))
                .andExpect(header().exists(HttpHeaders.LAST_MODIFIED))
                .andReturn();
        SyndFeed feed = read(result);
        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(feed.getUri()).startsWith("http://catalog.test/feeds/papers?");
        assertThat(feed.getPublishedDate()).isEqualTo(Date.from(Instant.parse("2025-12-10T11:00:00Z")));
        List<SyndEntry> entries = feed.getEntries();
        assertThat(entries).hasSize(2);
        SyndEntry first = entries.getFirst();
        assertThat(first.getTitle()).isEqualTo(LATEX_TITLE);
        assertThat(first.getUri()).isEqualTo("https://arxiv.org/abs/" + LATEX);
        assertThat(first.getDescription().getValue()).contains("& <tags>").doesNotContain("\u0001");
        assertThat(first.getAuthors()).extracting(SyndPerson::getName).containsExactly("Zishun Yu", "Yunzhe Tao");
        assertThat(first.getCategories()).extracting(SyndCategory::getName).contains("cs.LG", TAG);
        assertThat(first.getLinks()).extracting(SyndLink::getHref)
                .contains("http://catalog.test/api/papers/" + LATEX, "https://arxiv.org/abs/" + LATEX);
        assertThat(first.getUpdatedDate()).isEqualTo(Date.from(Instant.parse("2025-12-10T10:00:00Z")));
        assertThat(first.getPublishedDate()).isEqualTo(Date.from(Instant.parse("2023-10-04T17:00:00Z")));
    }

    @Test
    void searchFeedIsValidAtom() throws Exception {
        SyndFeed feed = read(mvc.perform(get("/feeds/search").param("q", "coder").param("keyword", TAG))
                .andExpect(status().isOk()).andReturn());
        assertThat(feed.getTitle()).isEqualTo("Paperboy: search for coder");
        assertThat(feed.getEntries()).extracting(SyndEntry::getUri).containsExactly("https://arxiv.org/abs/" + LATEX);
        SyndFeed empty = read(mvc.perform(get("/feeds/search").param("q", "{\"$gt\": \"\"}").param("keyword", TAG))
                .andExpect(status().isOk()).andReturn());
        assertThat(empty.getEntries()).isEmpty();
    }

    @Test
    void conditionalGetsAnswer304() throws Exception {
        MvcResult result = mvc.perform(get("/feeds/papers").param("keyword", TAG)).andReturn();
        String etag = result.getResponse().getHeader(HttpHeaders.ETAG);
        String lastModified = result.getResponse().getHeader(HttpHeaders.LAST_MODIFIED);
        assertThat(lastModified).isEqualTo("Wed, 10 Dec 2025 11:00:00 GMT");
        mvc.perform(get("/feeds/papers").param("keyword", TAG).header(HttpHeaders.IF_NONE_MATCH, etag))
                .andExpect(status().isNotModified())
                .andExpect(content().bytes(new byte[0]));
        mvc.perform(get("/feeds/papers").param("keyword", TAG).header(HttpHeaders.IF_MODIFIED_SINCE, lastModified))
                .andExpect(status().isNotModified());
        mvc.perform(get("/feeds/papers").param("keyword", TAG).header(HttpHeaders.IF_NONE_MATCH, "\"other\""))
                .andExpect(status().isOk());
        mvc.perform(get("/feeds/papers").param("keyword", TAG)
                        .header(HttpHeaders.IF_MODIFIED_SINCE, "Wed, 10 Dec 2025 10:59:59 GMT"))
                .andExpect(status().isOk());
        // another feed (other parameters) has another ETag
        mvc.perform(get("/feeds/papers").param("keyword", TAG).param("limit", "1").header(HttpHeaders.IF_NONE_MATCH, etag))
                .andExpect(status().isOk());
    }

    @Test
    void badParametersAre400s() throws Exception {
        mvc.perform(get("/feeds/papers").param("week", "2025-W60"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("week"));
        mvc.perform(get("/feeds/search"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("q"));
    }
}

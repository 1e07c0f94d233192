package dev.paperboy.catalog.search;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PaperSearcherTest {

    @TempDir
    static Path dir;
    static SearchIndex index;
    static PaperSearcher searcher;

    @BeforeAll
    static void build() {
        index = SampleIndex.build(dir);
        // three papers with a Daily Papers day, keywords and an organization
        index.upsert(PaperDocuments.toLucene(new Document("_id", "2512.00001")
                .append("title", "Fast <b>Attention</b> & Friends: $O(n)$ Transformers")
                .append("abstract", "We make attention fast. Attention is all you need, & more.")
                .append("authors", List.of("Ada Lovelace", "Alan Turing"))
                .append("categories", List.of("cs.LG", "cs.AI"))
                .append("keywords", List.of("linear attention", "efficiency"))
                .append("organization", "Analytical Engines")
                .append("dailyDate", "2025-12-10")
                .append("publishedAt", Date.from(Instant.parse("2025-12-08T10:00:00Z")))
                .append("upvotes", 40)));
        index.upsert(PaperDocuments.toLucene(new Document("_id", "2512.00002")
                .append("title", "Slow Attention")
                .append("abstract", "Attention, slowly.")
                .append("authors", List.of("Alan Turing"))
                .append("categories", List.of("cs.CL"))
                .append("dailyDate", "2025-12-11")
                .append("publishedAt", Date.from(Instant.parse("2025-12-10T10:00:00Z")))
                .append("upvotes", 5)));
        index.upsert(PaperDocuments.toLucene(new Document("_id", "hep-th/9901001")
                .append("title", "Strings on branes")
                .append("abstract", "An old-style identifier.")
                .append("dailyDate", "2025-11-30")
                .append("upvotes", 1)));
        index.refresh();
        searcher = new PaperSearcher(index, "http://localhost:8082");
    }

    @AfterAll
    static void close() {
        index.close();
    }

    private static PaperQuery listing(SortOrder sort, int limit) {
        return new PaperQuery(null, null, null, sort, null, null, null, null, null, null, null, limit, null,
                Instant.parse("2025-12-11T12:00:00Z"));
    }

    private static List<String> ids(PaperPage page) {
        return page.items().stream().map(PaperItem::id).toList();
    }

    @Test
    void listingIsNewestFirst() {
        PaperPage page = searcher.search(listing(SortOrder.RECENT, 5));
        assertThat(page.total()).isEqualTo(46);
        assertThat(ids(page)).startsWith("2512.00002", "2512.00001", "hep-th/9901001");
        assertThat(page.nextCursor()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(value = SortOrder.class, names = {"RECENT", "UPVOTES", "TRENDING"})
    void cursorsWalkEveryPaperOnceWhilePapersAreAdded(SortOrder sort) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> added = new ArrayList<>();
        PaperQuery query = listing(sort, 7);
        PaperPage page = searcher.search(query);
        int pages = 0;
        while (true) {
            for (String id : ids(page)) {
                assertThat(seen.add(id)).as("%s seen twice", id).isTrue();
            }
            if (page.nextCursor() == null) {
                break;
            }
            // a paper stored between two pages must not shift the pages
            String extra = "2601." + sort.ordinal() + String.format("%04d", pages);
            index.upsert(PaperDocuments.toLucene(new Document("_id", extra).append("title", "Added later")
                    .append("dailyDate", pages % 2 == 0 ? "2026-01-01" : "2020-01-01").append("upvotes", pages)));
            index.refresh();
            added.add(extra);
            page = searcher.search(query.withCursor(SearchCursor.decode(page.nextCursor())));
            pages++;
        }
        for (String id : added) {
            index.delete(id);
        }
        index.refresh();
        assertThat(seen).containsAll(SampleIndex.documents().stream().map(d -> d.getString("_id")).toList())
                .contains("2512.00001", "2512.00002", "hep-th/9901001");
    }

    @Test
    void sortsByUpvotesAndTrending() {
        assertThat(ids(searcher.search(listing(SortOrder.UPVOTES, 3))))
                .containsExactly("2512.00001", "2409.04828", "2512.00002");
        // 40 upvotes a day ago, then 5 upvotes today: both beat 6 upvotes in 2024 and 2 upvotes in 2024
        List<String> trending = ids(searcher.search(listing(SortOrder.TRENDING, 3)));
        assertThat(trending).containsExactly("2512.00001", "2512.00002", "hep-th/9901001");
    }

    private PaperPage filtered(String author, String category, String keyword, String organization, LocalDate from,
                               LocalDate to, Integer minUpvotes) {
        return searcher.search(new PaperQuery(null, null, null, SortOrder.RECENT, author, category, keyword,
                organization, from, to, minUpvotes, 100, null, Instant.now()));
    }

    @Test
    void filtersOnIndexedFields() {
        assertThat(ids(filtered("Alan Turing", null, null, null, null, null, null)))
                .containsExactlyInAnyOrder("2512.00001", "2512.00002");
        assertThat(ids(filtered("turing", null, null, null, null, null, null))).hasSize(2);
        assertThat(ids(filtered("Ada Turing", null, null, null, null, null, null))).isEmpty();
        assertThat(ids(filtered(null, "cs.CL", null, null, null, null, null)))
                .contains("2508.11442", "2512.00002").doesNotContain("2512.00001");
        assertThat(ids(filtered(null, "cs", null, null, null, null, null))).contains("2512.00001", "2512.00002", "2506.15251");
        assertThat(ids(filtered(null, null, "Linear Attention", null, null, null, null))).containsExactly("2512.00001");
        assertThat(ids(filtered(null, null, null, "analytical engines", null, null, null))).containsExactly("2512.00001");
        assertThat(ids(filtered(null, null, null, null, null, null, 6))).containsExactlyInAnyOrder("2512.00001", "2409.04828");
        // from/to: the daily day, else the published day
        assertThat(ids(filtered(null, null, null, null, LocalDate.of(2025, 12, 9), LocalDate.of(2025, 12, 10), null)))
                .containsExactly("2512.00001");
        assertThat(ids(filtered(null, null, null, null, LocalDate.of(2025, 9, 15), LocalDate.of(2025, 9, 18), null)))
                .containsExactlyInAnyOrder("rank-11", "rank-35");
        assertThat(ids(filtered("{\"$gt\": \"\"}", null, null, null, null, null, null))).isEmpty();
    }

    @Test
    void dailyPeriodsFilterOnTheDailyDay() {
        PaperPage week = searcher.search(new PaperQuery(null, LocalDate.of(2025, 12, 8), LocalDate.of(2025, 12, 14),
                SortOrder.RECENT, null, null, null, null, null, null, null, 20, null, Instant.now()));
        assertThat(ids(week)).containsExactly("2512.00002", "2512.00001");
    }

    @Test
    void searchHighlightsMatchesAndEscapesTheRest() {
        PaperPage page = searcher.search(listing(SortOrder.RELEVANCE, 5).withText("attention", SortOrder.RELEVANCE));
        assertThat(ids(page)).startsWith("2512.00002", "2512.00001");
        PaperItem fast = page.items().stream().filter(i -> i.id().equals("2512.00001")).findFirst().orElseThrow();
        assertThat(fast.highlights().title())
                .contains("<mark>Attention</mark>")
                .contains("&lt;b&gt;").contains("&amp; Friends").doesNotContain("<b>");
        assertThat(fast.highlights().abstractText()).contains("<mark>attention</mark>").contains("&amp; more");
        assertThat(fast.title()).isEqualTo("Fast <b>Attention</b> & Friends: $O(n)$ Transformers");
        assertThat(fast.links().arxiv()).isEqualTo("https://arxiv.org/abs/2512.00001");
        assertThat(fast.numAuthors()).isEqualTo(2);
    }

    @Test
    void quotedPhrasesDoNotRunAcrossFieldsOrRepeatedValues() {
        // title "Slow Attention", abstract "Attention, slowly.": these words meet only across a value boundary
        assertThat(ids(searcher.search(listing(SortOrder.RELEVANCE, 5).withText("\"attention slow\"", SortOrder.RELEVANCE))))
                .doesNotContain("2512.00002");
        assertThat(ids(searcher.search(listing(SortOrder.RELEVANCE, 5).withText("\"attention attention\"", SortOrder.RELEVANCE))))
                .doesNotContain("2512.00002");
        assertThat(ids(searcher.search(listing(SortOrder.RELEVANCE, 5).withText("\"slow attention\"", SortOrder.RELEVANCE))))
                .containsExactly("2512.00002");
    }

    @Test
    void searchCombinesWithFiltersAndSorts() {
        PaperQuery query = new PaperQuery("attention", null, null, SortOrder.UPVOTES, "Alan Turing", null, null, null,
                null, null, 2, 10, null, Instant.now());
        assertThat(ids(searcher.search(query))).containsExactly("2512.00001", "2512.00002");
        PaperPage first = searcher.search(new PaperQuery("pre-training", null, null, SortOrder.RELEVANCE, null, null,
                null, null, null, null, null, 5, null, Instant.now()));
        PaperPage second = searcher.search(new PaperQuery("pre-training", null, null, SortOrder.RELEVANCE, null, null,
                null, null, null, null, null, 5, SearchCursor.decode(first.nextCursor()), Instant.now()));
        assertThat(ids(second)).hasSize(5).doesNotContainAnyElementsOf(ids(first));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unbalanced quote", "+", "-", "+-+", ":", "title:", "*", "pre*", "?", "a AND (b",
            "{\"$gt\": \"\"}", "\"\"", "\"", "the of and", "~2", "\\", "[1 TO 5]", "-attention", "--x", "/regex/",
            "😀 emoji", "\u0000"})
    void anyTypedQueryIsAnswered(String q) {
        PaperPage page = searcher.search(listing(SortOrder.RELEVANCE, 10).withText(q, SortOrder.RELEVANCE));
        assertThat(page.items()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void veryLongQueriesAreAnswered() {
        String q = ("pre-trained initialization " + "\"model merging\" -foo +bar ").repeat(10);
        assertThat(searcher.search(listing(SortOrder.RELEVANCE, 10).withText(q, SortOrder.RELEVANCE)).items()).isEmpty();
        String sentence = "how useful is continued pre-training for generative unsupervised domain adaptation";
        assertThat(ids(searcher.search(listing(SortOrder.RELEVANCE, 3).withText(sentence, SortOrder.RELEVANCE))))
                .first().isEqualTo("2401.17514");
    }

    @Test
    void similarPapersExcludeThePaperItself() {
        List<String> similar = searcher.similar("2308.04014", 5).stream().map(PaperItem::id).toList();
        assertThat(similar).hasSize(5).doesNotContain("2308.04014");
        assertThat(similar).containsAnyOf("2503.02844", "2401.17514");
        assertThat(searcher.similar("9999.99999", 5)).isNull();
        assertThat(searcher.similar("hep-th/9901001", 5)).doesNotContain((PaperItem) null);
    }
}

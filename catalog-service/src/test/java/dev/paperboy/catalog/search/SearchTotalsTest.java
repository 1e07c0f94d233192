package dev.paperboy.catalog.search;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Totals over more matches than {@link PaperSearcher#EXACT_TOTAL_UP_TO}: a search for a common word reports a lower
 * bound and says so, rarer words and listings Lucene can count for free stay exact, and paging is unaffected.
 */
class SearchTotalsTest {

    static final int PAPERS = 1_500;

    @TempDir
    static Path dir;
    static SearchIndex index;
    static PaperSearcher searcher;

    @BeforeAll
    static void build() {
        index = SearchIndex.open(dir, Duration.ofMillis(100));
        for (int i = 0; i < PAPERS; i++) {
            index.upsert(PaperDocuments.toLucene(new Document("_id", String.format("2512.%05d", i))
                    .append("title", "Attention study number " + i + (i % 5 == 0 ? " with sparse kernels" : ""))
                    .append("abstract", "We look at attention once more.")
                    .append("categories", List.of(i % 2 == 0 ? "cs.CL" : "cs.LG"))
                    .append("dailyDate", "2025-12-" + (10 + i % 2))
                    .append("upvotes", i % 50)));
        }
        index.refresh();
        searcher = new PaperSearcher(index, "http://localhost:8082");
    }

    @AfterAll
    static void close() {
        index.close();
    }

    private static PaperQuery search(String text) {
        return PaperQuery.listing(100).withText(text, SortOrder.RELEVANCE);
    }

    @Test
    void commonWordsGetALowerBound() {
        PaperPage page = searcher.search(search("attention"));
        assertThat(page.totalExact()).isFalse();
        assertThat(page.total()).isBetween((long) PaperSearcher.EXACT_TOTAL_UP_TO, (long) PAPERS);
        assertThat(page.items()).hasSize(100);
    }

    @Test
    void rarerWordsAreCountedExactly() {
        PaperPage page = searcher.search(search("sparse kernels"));
        assertThat(page.totalExact()).isTrue();
        assertThat(page.total()).isEqualTo(PAPERS / 5);
    }

    @Test
    void listingsLuceneCanCountAreExact() {
        PaperPage all = searcher.search(PaperQuery.listing(10));
        assertThat(all.totalExact()).isTrue();
        assertThat(all.total()).isEqualTo(PAPERS);
        PaperPage category = searcher.search(new PaperQuery(null, null, null, SortOrder.UPVOTES, null, "cs.CL", null,
                null, null, null, null, 10, null, Instant.now()));
        assertThat(category.total()).isEqualTo(category.totalExact() ? PAPERS / 2 : PaperSearcher.EXACT_TOTAL_UP_TO);
    }

    @Test
    void pagingWalksEveryMatchOnceWhateverTheTotal() {
        Set<String> seen = new HashSet<>();
        PaperQuery query = search("attention");
        PaperPage page = searcher.search(query);
        while (true) {
            page.items().forEach(item -> assertThat(seen.add(item.id())).as(item.id()).isTrue());
            if (page.nextCursor() == null) {
                break;
            }
            page = searcher.search(query.withCursor(SearchCursor.decode(page.nextCursor())));
        }
        assertThat(seen).hasSize(PAPERS);
    }
}

package dev.paperboy.catalog.search;

import org.apache.lucene.search.ScoreDoc;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of a search by relevance whose first hits are rescored: the rescored window reorders the first page, and
 * cursors walk the window and then the rest without showing a paper twice or skipping one, also while papers are
 * added and removed between pages (which changes every paper's BM25 score unless the first page's statistics are
 * kept).
 */
class RelevancePagesTest {

    private static final String QUERY = "pre-trained initialization";
    private static final int WINDOW = 8;

    @TempDir
    Path dir;
    SearchIndex index;
    PaperSearcher searcher;

    @BeforeEach
    void build() {
        index = SampleIndex.build(dir);
        searcher = new PaperSearcher(index, "http://localhost:8082", WINDOW);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static PaperQuery search(String text, int limit) {
        return PaperQuery.listing(limit).withText(text, SortOrder.RELEVANCE);
    }

    private static List<String> ids(PaperPage page) {
        return page.items().stream().map(PaperItem::id).toList();
    }

    /** The ids of the first-pass order (BM25 of the query alone), as raw Lucene returns them. */
    private List<String> firstPass(String text, int n) {
        return index.withSearcher(s -> {
            List<String> ids = new ArrayList<>();
            for (ScoreDoc hit : s.search(searcher.query(search(text, n)), n).scoreDocs) {
                ids.add(s.storedFields().document(hit.doc).get(IndexFields.ID));
            }
            return ids;
        });
    }

    @Test
    void theWindowIsReorderedByTheWordsNearEachOther() {
        // a window of the first 21 hits (the page of 20 and one more)
        List<String> rescored = ids(new PaperSearcher(index, "http://localhost:8082", 1).search(search(QUERY, 20)));
        List<String> plain = firstPass(QUERY, 20);
        // the same papers (the window), in another order: 2412.07762 ("... of pre-trained initializations ...")
        // is far down by BM25 of the words alone, and near the top with the words together
        assertThat(rescored).containsExactlyInAnyOrderElementsOf(plain).isNotEqualTo(plain);
        assertThat(plain.indexOf("2412.07762")).isGreaterThan(10);
        assertThat(rescored.indexOf("2412.07762")).isBetween(0, 2);
    }

    @Test
    void cursorsWalkTheWindowAndTheRestOnce() {
        Set<String> all = new LinkedHashSet<>(ids(searcher.search(search(QUERY, 100))));
        assertThat(all).hasSizeGreaterThan(WINDOW + 3);
        List<String> walked = walk(QUERY, 3, false);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        // the window first, in rescored order, then the rest in first-pass order
        assertThat(walked.subList(0, WINDOW)).containsExactlyInAnyOrderElementsOf(firstPass(QUERY, WINDOW))
                .isEqualTo(ids(searcher.search(search(QUERY, WINDOW))));
        assertThat(walked.subList(WINDOW, walked.size())).isEqualTo(
                firstPass(QUERY, all.size()).subList(WINDOW, all.size()));
    }

    @Test
    void cursorsWalkEveryPaperOnceWhilePapersAreAddedAndRemoved() {
        Set<String> before = new LinkedHashSet<>(ids(searcher.search(search(QUERY, 100))));
        List<String> walked = walk(QUERY, 2, true);
        assertThat(walked).doesNotHaveDuplicates().containsAll(before);
    }

    @Test
    void aCursorOfAnotherQueryIsAnsweredButPinsNothing() {
        String cursor = searcher.search(search(QUERY, 3)).nextCursor();
        PaperPage other = searcher.search(search("language models", 3).withCursor(SearchCursor.decode(cursor)));
        assertThat(other.items()).hasSizeLessThanOrEqualTo(3);
        PaperPage single = searcher.search(search("initialization", 3).withCursor(SearchCursor.decode(cursor)));
        assertThat(single.items()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void damagedCursorsAreRejectedOrAnswered() {
        String cursor = searcher.search(search(QUERY, 3)).nextCursor();
        assertThat(SearchCursor.decode(cursor).statistics()).isNotNull();
        assertThat(SearchCursor.decode(cursor).encode()).isEqualTo(cursor);
        int rejected = 0;
        for (int cut = 1; cut < cursor.length(); cut++) {
            SearchCursor damaged;
            try {
                damaged = SearchCursor.decode(cursor.substring(0, cut));
            } catch (IllegalArgumentException e) {
                rejected++;
                continue;
            }
            // cut where the statistics begin: a cursor as written before they existed, still a position
            assertThat(searcher.search(search(QUERY, 3).withCursor(damaged)).items()).hasSize(3);
        }
        assertThat(rejected).isGreaterThan(cursor.length() - 5);
    }

    /**
     * Every page of {@code text} with cursors; with {@code churn}, between pages papers that match the query
     * strongly (and so change its terms' statistics) are added, and unrelated ones added and removed again.
     */
    private List<String> walk(String text, int limit, boolean churn) {
        List<String> walked = new ArrayList<>();
        PaperQuery query = search(text, limit);
        PaperPage page = searcher.search(query);
        for (int pages = 0; ; pages++) {
            walked.addAll(ids(page));
            if (page.nextCursor() == null) {
                return walked;
            }
            if (churn) {
                index.upsert(PaperDocuments.toLucene(new Document("_id", "2601.0" + String.format("%04d", pages))
                        .append("title", "Pre-trained initialization " + "and more ".repeat(pages))
                        .append("abstract", "Pre-trained initialization, pre-trained initialization again.")
                        .append("publishedAt", java.util.Date.from(Instant.parse("2026-01-01T00:00:00Z")))));
                index.upsert(PaperDocuments.toLucene(new Document("_id", "2601.1" + String.format("%04d", pages))
                        .append("title", "Unrelated " + pages).append("abstract", "Nothing in common ".repeat(40))));
                if (pages > 0) {
                    index.delete("2601.1" + String.format("%04d", pages - 1));
                }
                index.refresh();
            }
            page = searcher.search(query.withCursor(SearchCursor.decode(page.nextCursor())));
        }
    }
}

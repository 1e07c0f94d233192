package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.paperboy.catalog.search.IndexFields.ABSTRACT;
import static dev.paperboy.catalog.search.IndexFields.TITLE;

/**
 * Highlights the title and abstract of one page of hits with the {@link UnifiedHighlighter} (offsets from the
 * postings), reading the texts from the stored documents already loaded for the page: decompressing stored fields
 * is most of a search's cost beyond the query itself, so it is done once per hit, not once more for highlighting.
 * Public for the search benchmark, which times it per page.
 */
public final class PageHighlighter {

    private static final int MAX_LENGTH = 20_000;
    private static final String[] FIELDS = {TITLE, ABSTRACT};

    private PageHighlighter() {
    }

    /** Passages per field ({@code TITLE}, {@code ABSTRACT}), in the order of {@code hits}. */
    public static Map<String, String[]> highlight(IndexSearcher searcher, Analyzer analyzer, Query query, ScoreDoc[] hits,
                                           Document[] docs) throws IOException {
        Map<Integer, Document> byDoc = new HashMap<>();
        int[] ids = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            ids[i] = hits[i].doc;
            byDoc.put(hits[i].doc, docs[i]);
        }
        UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "… ", true))
                .withMaxLength(MAX_LENGTH)
                // terms and phrases taken from the query once, not Weight.matches per document and field
                .withWeightMatches(false);
        UnifiedHighlighter highlighter = new UnifiedHighlighter(builder) {
            @Override
            protected List<CharSequence[]> loadFieldValues(String[] fields, DocIdSetIterator docIter,
                                                           int cacheCharsThreshold) throws IOException {
                List<CharSequence[]> values = new ArrayList<>();
                for (int doc = docIter.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docIter.nextDoc()) {
                    Document stored = byDoc.get(doc);
                    CharSequence[] row = new CharSequence[fields.length];
                    for (int f = 0; f < fields.length; f++) {
                        String value = stored == null ? null : stored.get(fields[f]);
                        row[f] = value == null ? "" : value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
                    }
                    values.add(row);
                }
                return values;
            }
        };
        return highlighter.highlightFields(FIELDS, query, ids, new int[]{3, 2});
    }
}

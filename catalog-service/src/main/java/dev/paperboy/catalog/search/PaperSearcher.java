package dev.paperboy.catalog.search;

import dev.paperboy.catalog.web.BadRequestException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.paperboy.catalog.search.IndexFields.*;

/**
 * Answers listings and searches from the index: filters as non-scoring clauses, sorts on doc values, pages with
 * searchAfter on (sort values, id) (searches by relevance: see {@link RelevancePages}), highlights with the {@link UnifiedHighlighter} (re-analyzing the stored texts).
 */
public class PaperSearcher {

    /** Totals are exact up to this many matches and a lower bound beyond (unless counting is free). */
    public static final int EXACT_TOTAL_UP_TO = 1_000;

    private final SearchIndex index;
    private final Analyzer analyzer = IndexFields.analyzer();
    private final TextQueryBuilder textQueries = new TextQueryBuilder(analyzer);
    private final String publicUrl;
    private final int rescoreWindow;

    public PaperSearcher(SearchIndex index, String publicUrl) {
        this(index, publicUrl, RelevancePages.DEFAULT_WINDOW);
    }

    /** With the first {@code rescoreWindow} hits of a search by relevance rescored (tests use small windows). */
    PaperSearcher(SearchIndex index, String publicUrl, int rescoreWindow) {
        this.index = index;
        this.rescoreWindow = rescoreWindow;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    public SearchIndex index() {
        return index;
    }

    /** The Lucene query of {@code request}: its text (if any) and its filters. */
    public Query query(PaperQuery request) {
        return prepare(request).query();
    }

    /** The query to run, the part to highlight (null: none) and the phrase that rescores the window (null: none). */
    record Prepared(Query query, Query highlight, Query rescore) {
    }

    private Prepared prepare(PaperQuery request) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        Query highlight = null;
        Query rescore = null;
        boolean scoring = false;
        if (request.text() != null) {
            TextQueryBuilder.TextQuery text = textQueries.build(request.text());
            if (text == null) {
                return new Prepared(new MatchNoDocsQuery("nothing searchable in the query"), null, null);
            }
            query.add(text.query(), Occur.MUST);
            highlight = text.highlight();
            rescore = text.rescore();
            scoring = true;
        }
        List<Query> filters = filters(request);
        filters.forEach(f -> query.add(f, Occur.FILTER));
        if (!scoring && filters.isEmpty()) {
            return new Prepared(new MatchAllDocsQuery(), null, null);
        }
        return new Prepared(query.build(), highlight, rescore);
    }

    private List<Query> filters(PaperQuery r) {
        List<Query> filters = new ArrayList<>();
        if (r.dailyFrom() != null) {
            filters.add(IntPoint.newRangeQuery(DAILY_DAY, (int) r.dailyFrom().toEpochDay(), (int) r.dailyTo().toEpochDay()));
        }
        if (r.from() != null || r.to() != null) {
            int lo = r.from() == null ? Integer.MIN_VALUE : (int) r.from().toEpochDay();
            int hi = r.to() == null ? Integer.MAX_VALUE : (int) r.to().toEpochDay();
            filters.add(IntPoint.newRangeQuery(DAY, lo, hi));
        }
        if (r.author() != null) {
            Query author = textQueries.phrase(AUTHORS_TEXT, r.author(), 0);
            filters.add(author == null ? new MatchNoDocsQuery() : author);
        }
        if (r.category() != null) {
            filters.add(new TermQuery(new Term(CATEGORY, PaperDocuments.normalize(r.category()))));
        }
        if (r.keyword() != null) {
            filters.add(new TermQuery(new Term(KEYWORD, PaperDocuments.normalize(r.keyword()))));
        }
        if (r.organization() != null) {
            filters.add(new TermQuery(new Term(ORGANIZATION, PaperDocuments.normalize(r.organization()))));
        }
        if (r.minUpvotes() != null) {
            filters.add(IntPoint.newRangeQuery(UPVOTES, r.minUpvotes(), Integer.MAX_VALUE));
        }
        return filters;
    }

    /** The sort of {@code order}, always ending with the id so that every hit has a unique position. */
    static Sort sort(SortOrder order, Instant now) {
        SortField id = new SortField(ID_SORT, SortField.Type.STRING);
        SortField day = new SortField(DAY, SortField.Type.INT, true);
        day.setMissingValue(Integer.MIN_VALUE);
        return switch (order) {
            case RELEVANCE -> new Sort(SortField.FIELD_SCORE, id);
            case TRENDING -> new Sort(new TrendingValuesSource(now.toEpochMilli()).getSortField(true), day, id);
            case UPVOTES -> {
                SortField upvotes = new SortField(UPVOTES, SortField.Type.INT, true);
                upvotes.setMissingValue(0);
                yield new Sort(upvotes, day, id);
            }
            case RECENT -> {
                SortField published = new SortField(PUBLISHED, SortField.Type.LONG, true);
                published.setMissingValue(Long.MIN_VALUE);
                yield new Sort(day, published, id);
            }
        };
    }

    /** The value types of a cursor of {@code order}, to reject cursors that would not fit the sort. */
    private static Class<?>[] cursorTypes(SortOrder order, Object[] values) {
        return switch (order) {
            // a position by first-pass score, or inside the rescored window (see RelevancePages)
            case RELEVANCE -> values.length == 4 ? new Class<?>[]{Float.class, BytesRef.class, Float.class, BytesRef.class}
                    : new Class<?>[]{Float.class, BytesRef.class};
            case TRENDING -> new Class<?>[]{Double.class, Integer.class, BytesRef.class};
            case UPVOTES -> new Class<?>[]{Integer.class, Integer.class, BytesRef.class};
            case RECENT -> new Class<?>[]{Integer.class, Long.class, BytesRef.class};
        };
    }

    /** One page of the listing or search {@code request}. */
    public PaperPage search(PaperQuery request) {
        Prepared prepared = prepare(request);
        Sort sort = sort(request.sort(), request.now());
        SearchCursor cursor = request.cursor();
        if (cursor != null) {
            Object[] values = cursor.values();
            Class<?>[] types = cursorTypes(request.sort(), values);
            if (values.length != types.length
                    || !java.util.stream.IntStream.range(0, types.length).allMatch(i -> types[i].isInstance(values[i]))) {
                throw new BadRequestException("cursor", "is not a cursor of this listing");
            }
        }
        return index.withSearcher(searcher -> {
            RelevancePages.Page top = request.sort() == SortOrder.RELEVANCE && request.text() != null
                    ? RelevancePages.page(searcher, prepared.query(), prepared.rescore(), rescoreWindow,
                    request.limit(), cursor, request.now(), EXACT_TOTAL_UP_TO)
                    : sorted(searcher, prepared.query(), sort, request);
            ScoreDoc[] hits = top.hits();
            Document[] docs = load(searcher, hits);
            Map<String, String[]> highlights = prepared.highlight() == null || hits.length == 0
                    ? Map.of() : PageHighlighter.highlight(searcher, analyzer, prepared.highlight(), hits, docs);
            TotalHits total = request.text() == null ? cheapCount(searcher, prepared.query(), top.total())
                    : top.total();
            return new PaperPage(items(docs, highlights), top.next() == null ? null : top.next().encode(),
                    total.value(), total.relation() == TotalHits.Relation.EQUAL_TO);
        });
    }

    /** A page of a listing (or a search) in {@code sort} order, paged with searchAfter on the sort values. */
    private static RelevancePages.Page sorted(IndexSearcher searcher, Query query, Sort sort, PaperQuery request)
            throws IOException {
        FieldDoc after = null;
        if (request.cursor() != null) {
            int maxDoc = Math.max(1, searcher.getIndexReader().maxDoc());
            after = new FieldDoc(maxDoc - 1, Float.NaN, request.cursor().values());
        }
        // Counting stops at EXACT_TOTAL_UP_TO, which lets Lucene skip hits that cannot make the page (block-max
        // WAND for relevance, points for sorted listings) instead of visiting every match.
        TopFieldDocs top = searcher.search(query,
                new TopFieldCollectorManager(sort, request.limit() + 1, after, EXACT_TOTAL_UP_TO));
        ScoreDoc[] hits = top.scoreDocs.length > request.limit()
                ? Arrays.copyOf(top.scoreDocs, request.limit()) : top.scoreDocs;
        SearchCursor next = null;
        if (top.scoreDocs.length > request.limit()) {
            FieldDoc last = (FieldDoc) hits[hits.length - 1];
            next = new SearchCursor(request.sort(), request.now(), last.fields);
        }
        return new RelevancePages.Page(hits, next, top.totalHits);
    }

    /**
     * The exact count of a listing when Lucene has it without visiting the matches (everything, one category, a
     * date range over an index without deletions: per-segment statistics), else {@code counted}.
     */
    private static TotalHits cheapCount(IndexSearcher searcher, Query query, TotalHits counted) throws IOException {
        if (counted.relation() == TotalHits.Relation.EQUAL_TO) {
            return counted;
        }
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        long sum = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int count = weight.count(leaf);
            if (count < 0) {
                return counted;
            }
            sum += count;
        }
        return new TotalHits(sum, TotalHits.Relation.EQUAL_TO);
    }

    /** Papers like {@code id} (MoreLikeThis over title, abstract and keywords), or null when {@code id} is unknown. */
    public List<PaperItem> similar(String id, int limit) {
        return index.withSearcher(searcher -> {
            TopDocs self = searcher.search(new TermQuery(new Term(ID, id)), 1);
            if (self.scoreDocs.length == 0) {
                return null;
            }
            Query like = SimilarQuery.build(searcher, self.scoreDocs[0].doc, analyzer);
            if (like == null) {
                return List.of();
            }
            BooleanQuery query = new BooleanQuery.Builder()
                    .add(like, Occur.MUST)
                    .add(new TermQuery(new Term(ID, id)), Occur.MUST_NOT)
                    .build();
            TopDocs top = searcher.search(query, limit);
            return items(load(searcher, top.scoreDocs), Map.of());
        });
    }

    /** The stored documents of {@code hits}, read in doc id order (hits in one compressed block share its reading). */
    private static Document[] load(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        StoredFields stored = searcher.storedFields();
        Integer[] order = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(hits[x].doc, hits[y].doc));
        Document[] docs = new Document[hits.length];
        for (int i : order) {
            docs[i] = stored.document(hits[i].doc);
        }
        return docs;
    }

    private List<PaperItem> items(Document[] docs, Map<String, String[]> highlights) {
        List<PaperItem> items = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            PaperItem.Highlights marks = null;
            if (!highlights.isEmpty()) {
                String title = at(highlights.get(TITLE), i);
                String abstractText = at(highlights.get(ABSTRACT), i);
                marks = new PaperItem.Highlights(
                        title != null && title.contains("<mark>") ? title : null, abstractText);
            }
            items.add(PaperItem.of(docs[i], marks, publicUrl));
        }
        return items;
    }

    private static String at(String[] values, int i) {
        return values == null || i >= values.length ? null : values[i];
    }
}

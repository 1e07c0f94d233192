package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

import java.util.Map;

/** Field names of the search index and the analyzers that go with them. */
public final class IndexFields {

    /** Canonical arXiv id: indexed as one term (updates, deletes, exclusion), sorted via {@link #ID_SORT}. */
    public static final String ID = "id";
    public static final String ID_SORT = "id_sort";

    // full-text fields
    /**
     * English, stored, offsets (for highlighting only): analyzed once per paper together with the title's copies in
     * {@link #TEXT} (see {@link AnalyzedText}).
     */
    public static final String TITLE = "title";
    public static final String TITLE_EXACT = "title_exact";     // not stemmed, for exact/phrase boosts
    public static final String ABSTRACT = "abstract";           // like TITLE
    public static final String AUTHORS_TEXT = "authors_text";   // names, not stemmed
    /**
     * English: title, keywords, authors and abstract in one field, each value repeated by its weight
     * ({@link #TITLE_REPEATS} and so on); what typed words match and are scored on. One field per word keeps the
     * query a conjunction of single postings lists whose impacts bound scores tightly, so top-k search skips most
     * matches (block-max WAND); a disjunction over four fields per word visited nearly every match of common words.
     */
    public static final String TEXT = "text";
    /** How often each field's value goes into {@link #TEXT}: a title word counts like six abstract words. */
    static final int TITLE_REPEATS = 6;
    static final int KEYWORDS_REPEATS = 2;
    static final int AUTHORS_REPEATS = 2;
    /** Changes whenever documents are indexed differently; an index of another schema is rebuilt. */
    public static final String SCHEMA_VERSION = "3-analyzed-once";

    // exact (lower-cased) filter fields
    public static final String AUTHOR = "author";
    public static final String CATEGORY = "category";
    public static final String KEYWORD = "keyword";
    public static final String ORGANIZATION = "org";

    // numeric fields
    public static final String UPVOTES = "upvotes";             // IntPoint + doc values + stored
    public static final String DAILY_DAY = "daily_day";         // epoch day of the Daily Papers day
    public static final String DAY = "day";                     // daily day, else published day (from/to, recent)
    public static final String PUBLISHED = "published";         // millis, doc values (recent tie-break)
    public static final String BORN = "born";                   // millis the trending age counts from

    // stored-only fields
    public static final String AUTHORS = "authors";
    public static final String CATEGORIES = "categories";
    public static final String KEYWORDS = "keywords";
    public static final String ORGANIZATION_NAME = "organization";
    public static final String DAILY_DATE = "dailyDate";
    public static final String PUBLISHED_AT = "publishedAt";
    public static final String MODIFIED = "modified";
    public static final String GITHUB_REPO = "githubRepo";
    public static final String PROJECT_PAGE = "projectPage";

    private IndexFields() {
    }

    /** The analyzer for indexing and for query analysis, per field (exact filter fields are not analyzed). */
    public static Analyzer analyzer() {
        Analyzer english = new EnglishText();
        Analyzer plain = new PlainText();
        return new PerFieldAnalyzerWrapper(english, Map.of(
                TITLE_EXACT, plain,
                AUTHORS_TEXT, plain));
    }

    /** Like {@link EnglishAnalyzer} (possessives, stop words, Porter), plus ASCII folding and a gap between values. */
    static final class EnglishText extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new ASCIIFoldingFilter(result);
            result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return 100;
        }
    }

    /** Lower-cased, folded words; no stop words, no stemming (names, exact title matches). */
    static final class PlainText extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new ASCIIFoldingFilter(new LowerCaseFilter(source));
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return 100;
        }
    }
}

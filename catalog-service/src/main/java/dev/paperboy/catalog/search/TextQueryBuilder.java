package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static dev.paperboy.catalog.search.IndexFields.*;

/**
 * Builds the Lucene query for what a person typed, without a query parser (so no input is a syntax error): words,
 * {@code "quoted phrases"}, {@code +required} and {@code -excluded} words or phrases; everything else is text that
 * goes through the field analyzers. Each word or phrase must match in the combined {@link IndexFields#TEXT} field
 * (title, keywords, authors and abstract, each repeated by its weight, so BM25 over it ranks a title match above an
 * abstract match); long queries need three quarters of their words. Hyphenated words also match written together
 * ("pre-trained" = "pretrained"); the whole query as a phrase in the (unstemmed) title ranks higher, and the words
 * near each other anywhere ({@link TextQuery#rescore()}) lift a paper within the first page's window.
 */
public final class TextQueryBuilder {

    private static final int MAX_UNITS = 32;

    private final Analyzer analyzer;

    public TextQueryBuilder(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** How far apart the words of the query may be for {@link TextQuery#rescore()}: one word between them. */
    static final int RESCORE_SLOP = 1;

    /**
     * @param query     what to match and how to score it
     * @param highlight the positive part of it (for highlighting)
     * @param rescore   the typed words near each other in the combined field (a sloppy phrase, either spelling of
     *                  hyphenated words), for rescoring the top hits only; null for a single word
     */
    public record TextQuery(Query query, Query highlight, Query rescore) {
    }

    record Unit(String text, boolean phrase, Occur occur) {
    }

    /** The query for {@code text}, or null when nothing in it is searchable (only stop words or punctuation). */
    public TextQuery build(String text) {
        List<Unit> units = split(text);
        List<Query> required = new ArrayList<>();
        List<Query> optional = new ArrayList<>();
        List<Query> excluded = new ArrayList<>();
        List<String> positiveWords = new ArrayList<>();
        BooleanQuery.Builder highlight = new BooleanQuery.Builder();
        for (Unit unit : units) {
            Query q = unitQuery(unit, TEXT);
            if (q == null) {
                continue;
            }
            if (unit.occur() != Occur.MUST_NOT) {
                // only the fields shown, so the highlighter does not walk the combined field's positions
                addIfNotNull(highlight, unitQuery(unit, TITLE), Occur.SHOULD);
                addIfNotNull(highlight, unitQuery(unit, ABSTRACT), Occur.SHOULD);
            }
            // a word typed twice is one condition (two equal clauses only cost a second walk of the same postings)
            List<Query> clauses = switch (unit.occur()) {
                case MUST -> required;
                case MUST_NOT -> excluded;
                default -> optional;
            };
            if (!clauses.contains(q)) {
                clauses.add(q);
            }
            if (unit.occur() != Occur.MUST_NOT) {
                positiveWords.add(unit.text());
            }
        }
        if (required.isEmpty() && optional.isEmpty() && excluded.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder positive = new BooleanQuery.Builder();
        required.forEach(q -> positive.add(q, Occur.MUST));
        optional.forEach(q -> positive.add(q, required.isEmpty() && optional.size() <= 3 ? Occur.MUST : Occur.SHOULD));
        if (optional.size() > 3 || (!required.isEmpty() && !optional.isEmpty())) {
            int n = optional.size();
            positive.setMinimumNumberShouldMatch(required.isEmpty() ? (int) Math.ceil(n * 0.75) : 0);
        }
        Query positiveQuery = required.isEmpty() && optional.isEmpty() ? null : positive.build();

        BooleanQuery.Builder all = new BooleanQuery.Builder();
        all.add(positiveQuery == null ? new MatchAllDocsQuery() : positiveQuery, Occur.MUST);
        excluded.forEach(q -> all.add(q, Occur.MUST_NOT));
        Query rescore = null;
        if (positiveWords.size() > 1) {
            // the words together in the (short, unstemmed) title, in either spelling of hyphenated words; phrases
            // over abstracts cost too much per query, so they only rescore the first page's window
            addIfNotNull(all, boost(spellings(TITLE_EXACT, positiveWords, 0), 6f), Occur.SHOULD);
            rescore = spellings(TEXT, positiveWords, RESCORE_SLOP);
        }
        return new TextQuery(all.build(), positiveQuery == null ? new MatchAllDocsQuery() : highlight.build(), rescore);
    }

    /**
     * {@code words} as one phrase in {@code field}, as typed, with hyphenated words written together
     * ("pre-trained" -> "pretrained") and with known prefixes split off ("pretrained" -> "pre trained"); the best
     * spelling scores. Null when nothing in them is searchable.
     */
    private Query spellings(String field, List<String> words, int slop) {
        List<Query> variants = new ArrayList<>();
        for (List<String> spelling : List.of(words,
                words.stream().map(TextQueryBuilder::joinHyphens).toList(),
                words.stream().map(word -> {
                    String prefixed = splitPrefix(word);
                    return prefixed != null ? prefixed : word;
                }).toList())) {
            Query q = phrase(field, String.join(" ", spelling), slop);
            if (q != null && !variants.contains(q)) {
                variants.add(q);
            }
        }
        return variants.isEmpty() ? null : variants.size() == 1 ? variants.getFirst()
                : new DisjunctionMaxQuery(variants, 0f);
    }

    /** "pre-trained" as "pretrained"; other words (and quoted phrases, which hold spaces) unchanged. */
    private static String joinHyphens(String word) {
        return word.indexOf(' ') >= 0 ? word : word.replace("-", "");
    }

    /** Splits the input into words and phrases with their +/- prefixes; unbalanced quotes become plain words. */
    static List<Unit> split(String text) {
        List<Unit> units = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n && units.size() < MAX_UNITS) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            Occur occur = Occur.SHOULD;
            if ((c == '+' || c == '-') && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                occur = c == '+' ? Occur.MUST : Occur.MUST_NOT;
                i++;
                c = text.charAt(i);
            }
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close > i) {
                    String phrase = text.substring(i + 1, close).strip();
                    if (!phrase.isEmpty()) {
                        units.add(new Unit(phrase, true, occur));
                    }
                    i = close + 1;
                    continue;
                }
                i++; // an unbalanced quote: the rest is plain words
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
                end++;
            }
            String word = text.substring(i, end).replace(':', ' ').strip();
            if (!word.isEmpty()) {
                units.add(new Unit(word, false, occur));
            }
            i = Math.max(end, i + 1);
        }
        return units;
    }

    /**
     * The word or phrase {@code unit} in {@code field}, or null when nothing in it is searchable (only stop words or
     * punctuation). A word with a hyphen variant matches either spelling; the better one scores (a disjunction
     * without tie-breaking lets each spelling skip what cannot make the top hits).
     */
    private Query unitQuery(Unit unit, String field) {
        Query q = phrase(field, unit.text(), 0);
        if (q == null) {
            return null;
        }
        String joined = unit.phrase() ? null : unit.text().replaceAll("[^\\p{L}\\p{N}]", "");
        // "pre-trained" also matches "pretrained", and "pretrained" "pre-trained"
        String variant = joined == null || joined.isEmpty() ? null
                : q instanceof PhraseQuery ? joined : splitPrefix(joined);
        Query other = variant == null ? null : phrase(field, variant, 0);
        return other == null || other.equals(q) ? q : new DisjunctionMaxQuery(List.of(q, other), 0f);
    }

    private static final List<String> PREFIXES = List.of("pre", "post", "re", "multi", "self", "non", "co", "sub",
            "semi", "cross", "fine", "zero", "few", "inter", "intra", "meta", "over", "under");

    /** "pretrained" as "pre trained" (so it matches "pre-trained"), null when the word has no such prefix. */
    static String splitPrefix(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (lower.startsWith(prefix) && lower.length() - prefix.length() >= 4) {
                return word.substring(0, prefix.length()) + " " + word.substring(prefix.length());
            }
        }
        return null;
    }

    /** A term query for one token, a phrase query (positions kept) for several, null for none. */
    public Query phrase(String field, String text, int slop) {
        List<Token> tokens = analyze(field, text);
        if (tokens.isEmpty()) {
            return null;
        }
        if (tokens.size() == 1) {
            return new TermQuery(new Term(field, tokens.getFirst().term()));
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder().setSlop(slop);
        for (Token token : tokens) {
            phrase.add(new Term(field, token.term()), token.position());
        }
        return phrase.build();
    }

    record Token(String term, int position) {
    }

    List<Token> analyze(String field, String text) {
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken() && tokens.size() < 64) {
                position += Math.max(1, increment.getPositionIncrement());
                tokens.add(new Token(term.toString(), position));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    private static Query boost(Query query, float boost) {
        return query == null || boost == 1f ? query : new BoostQuery(query, boost);
    }

    private static void addIfNotNull(BooleanQuery.Builder builder, Query query, Occur occur) {
        if (query != null) {
            builder.add(query, occur);
        }
    }
}

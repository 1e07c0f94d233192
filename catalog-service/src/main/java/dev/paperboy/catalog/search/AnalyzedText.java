package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A text analyzed once, replayed into as many fields as need it: a paper's title goes into {@code title} (with
 * offsets, for highlighting) and six times into {@code text}, its abstract into {@code abstract} and {@code text},
 * all with the same English analyzer. Analysis (tokenizing, stemming) is most of the cost of indexing a paper, so
 * doing it once per value instead of once per field value roughly halves it. Each {@link #tokens()} call gives a
 * fresh stream of the same tokens (term, position increment, offsets: all the index keeps).
 */
final class AnalyzedText {

    private final String[] terms;
    private final int[] increments;
    private final int[] starts;
    private final int[] ends;
    private final int size;
    private final int finalOffset;

    private AnalyzedText(String[] terms, int[] increments, int[] starts, int[] ends, int size, int finalOffset) {
        this.terms = terms;
        this.increments = increments;
        this.starts = starts;
        this.ends = ends;
        this.size = size;
        this.finalOffset = finalOffset;
    }

    /** Runs {@code analyzer} for {@code field} over {@code text} once and keeps what it produced. */
    static AnalyzedText of(Analyzer analyzer, String field, String text) {
        int capacity = 16;
        String[] terms = new String[capacity];
        int[] increments = new int[capacity];
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int size = 0;
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (size == capacity) {
                    capacity *= 2;
                    terms = Arrays.copyOf(terms, capacity);
                    increments = Arrays.copyOf(increments, capacity);
                    starts = Arrays.copyOf(starts, capacity);
                    ends = Arrays.copyOf(ends, capacity);
                }
                terms[size] = term.toString();
                increments[size] = increment.getPositionIncrement();
                starts[size] = offset.startOffset();
                ends[size] = offset.endOffset();
                size++;
            }
            stream.end();
            return new AnalyzedText(terms, increments, starts, ends, size, offset.endOffset());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String reader does not fail
        }
    }

    /** A new stream of the tokens, for one field value. */
    TokenStream tokens() {
        return new TokenStream() {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
            private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
            private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
            private int next;

            @Override
            public boolean incrementToken() {
                if (next >= size) {
                    return false;
                }
                clearAttributes();
                term.setEmpty().append(terms[next]);
                increment.setPositionIncrement(increments[next]);
                offset.setOffset(starts[next], ends[next]);
                next++;
                return true;
            }

            @Override
            public void end() throws IOException {
                super.end();
                offset.setOffset(finalOffset, finalOffset);
            }

            @Override
            public void reset() throws IOException {
                super.reset();
                next = 0;
            }
        };
    }
}

package dev.paperboy.catalog.search;

import dev.paperboy.catalog.trending.TrendingFormula;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;

/**
 * {@link TrendingFormula#score(long, double)} per document from its upvotes and the instant its age counts from
 * (start of its Daily Papers day, else its publication), at one fixed {@code now} so that pages of a listing agree.
 */
final class TrendingValuesSource extends DoubleValuesSource {

    private final long nowMillis;

    TrendingValuesSource(long nowMillis) {
        this.nowMillis = nowMillis;
    }

    @Override
    public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
        NumericDocValues upvotes = DocValues.getNumeric(ctx.reader(), IndexFields.UPVOTES);
        NumericDocValues born = DocValues.getNumeric(ctx.reader(), IndexFields.BORN);
        return new DoubleValues() {
            private double value;

            @Override
            public double doubleValue() {
                return value;
            }

            @Override
            public boolean advanceExact(int doc) throws IOException {
                long votes = upvotes.advanceExact(doc) ? upvotes.longValue() : 0;
                double ageHours = born.advanceExact(doc) ? (nowMillis - born.longValue()) / 3_600_000.0 : 0.0;
                value = TrendingFormula.score(votes, ageHours);
                return true;
            }
        };
    }

    @Override
    public boolean needsScores() {
        return false;
    }

    @Override
    public DoubleValuesSource rewrite(IndexSearcher searcher) {
        return this;
    }

    @Override
    public boolean isCacheable(LeafReaderContext ctx) {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrendingValuesSource other && other.nowMillis == nowMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nowMillis);
    }

    @Override
    public String toString() {
        return "trending(now=" + nowMillis + ")";
    }
}

package dev.paperboy.catalog.search;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The index statistics BM25 scored a relevance search's first page with (per field: documents and total length;
 * per term of the query: document and total frequency), carried in its cursor so that later pages score every
 * paper exactly as the first page did. Adding or removing papers between pages changes these averages and counts,
 * which would shift scores, and with them the order that {@code searchAfter} and the rescored window walk through:
 * papers could then be skipped or shown twice. Terms are stored by their position in the query's sorted terms
 * (with a hash of those terms), so the cursor stays short; a cursor of another query pins nothing.
 *
 * @param termsHash       hash of the query's sorted terms the frequencies belong to
 * @param docFreqs        per query term, its document frequency on the first page (0: not scored there)
 * @param totalTermFreqs  per query term, its total frequency
 * @param fields          per scored field, its statistics
 */
record ScoringStatistics(int termsHash, long[] docFreqs, long[] totalTermFreqs, List<CollectionStatistics> fields) {

    /** Beyond this many terms (a very long query) nothing is pinned, to keep cursors short. */
    static final int MAX_TERMS = 256;
    private static final int MAX_FIELDS = 16;

    /** What {@code searcher} scored with, for the query whose sorted terms are {@code terms}; null if too many. */
    static ScoringStatistics of(PinnedSearcher searcher, SortedSet<Term> terms) {
        if (terms.size() > MAX_TERMS || searcher.usedFields.size() > MAX_FIELDS) {
            return null;
        }
        long[] docFreqs = new long[terms.size()];
        long[] totalTermFreqs = new long[terms.size()];
        int i = 0;
        for (Term term : terms) {
            TermStatistics used = searcher.usedTerms.get(term);
            docFreqs[i] = used == null ? 0 : used.docFreq();
            totalTermFreqs[i] = used == null ? 0 : used.totalTermFreq();
            i++;
        }
        return new ScoringStatistics(hash(terms), docFreqs, totalTermFreqs, List.copyOf(searcher.usedFields.values()));
    }

    /**
     * A searcher over {@code base}'s index that scores with these statistics (null: with the index's own) and
     * records the statistics it scored with, for the next cursor.
     */
    static PinnedSearcher searcher(IndexSearcher base, ScoringStatistics pinned, SortedSet<Term> terms) {
        Map<String, CollectionStatistics> fields = new HashMap<>();
        Map<Term, TermStatistics> termStats = new HashMap<>();
        if (pinned != null && pinned.termsHash() == hash(terms) && pinned.docFreqs().length == terms.size()) {
            pinned.fields().forEach(f -> fields.put(f.field(), f));
            int i = 0;
            for (Term term : terms) {
                if (pinned.docFreqs()[i] > 0) {
                    termStats.put(term, new TermStatistics(term.bytes(), pinned.docFreqs()[i], pinned.totalTermFreqs()[i]));
                }
                i++;
            }
        }
        return new PinnedSearcher(base, fields, termStats);
    }

    /** A hash of {@code terms} that is the same in every JVM (a {@code BytesRef}'s hash code is seeded per JVM). */
    static int hash(SortedSet<Term> terms) {
        CRC32 crc = new CRC32();
        for (Term term : terms) {
            crc.update(term.field().getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(term.bytes().bytes, term.bytes().offset, term.bytes().length);
            crc.update(0);
        }
        return (int) crc.getValue();
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(termsHash);
        writeVLong(out, docFreqs.length);
        for (int i = 0; i < docFreqs.length; i++) {
            writeVLong(out, docFreqs[i]);
            if (docFreqs[i] > 0) {
                writeVLong(out, totalTermFreqs[i]);
            }
        }
        writeVLong(out, fields.size());
        for (CollectionStatistics f : fields) {
            out.writeUTF(f.field());
            writeVLong(out, f.maxDoc());
            writeVLong(out, f.docCount());
            writeVLong(out, f.sumTotalTermFreq());
            writeVLong(out, f.sumDocFreq());
        }
    }

    /** Reads what {@link #write} wrote; {@link IllegalArgumentException} for values Lucene would not accept. */
    static ScoringStatistics read(DataInput in) throws IOException {
        int hash = in.readInt();
        int count = (int) Math.min(readVLong(in), MAX_TERMS + 1);
        if (count > MAX_TERMS) {
            throw new IllegalArgumentException("not a cursor");
        }
        long[] docFreqs = new long[count];
        long[] totalTermFreqs = new long[count];
        for (int i = 0; i < count; i++) {
            docFreqs[i] = readVLong(in);
            totalTermFreqs[i] = docFreqs[i] > 0 ? readVLong(in) : 0;
            if (docFreqs[i] > totalTermFreqs[i] && docFreqs[i] > 0) {
                throw new IllegalArgumentException("not a cursor");
            }
        }
        long fieldCount = readVLong(in);
        if (fieldCount > MAX_FIELDS) {
            throw new IllegalArgumentException("not a cursor");
        }
        CollectionStatistics[] fields = new CollectionStatistics[(int) fieldCount];
        for (int i = 0; i < fields.length; i++) {
            // the record's constructor checks the values fit together (throws IllegalArgumentException otherwise)
            fields[i] = new CollectionStatistics(in.readUTF(), readVLong(in), readVLong(in), readVLong(in), readVLong(in));
        }
        return new ScoringStatistics(hash, docFreqs, totalTermFreqs, List.of(fields));
    }

    private static void writeVLong(DataOutput out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVLong(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("not a cursor");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringStatistics s && s.termsHash == termsHash && Arrays.equals(s.docFreqs, docFreqs)
                && Arrays.equals(s.totalTermFreqs, totalTermFreqs) && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return 31 * termsHash + Arrays.hashCode(docFreqs);
    }

    /**
     * An {@link IndexSearcher} over another's reader that answers BM25's statistics from pinned values where it has
     * them, and remembers every statistic it gave out.
     */
    static final class PinnedSearcher extends IndexSearcher {

        private final Map<String, CollectionStatistics> pinnedFields;
        private final Map<Term, TermStatistics> pinnedTerms;
        final Map<String, CollectionStatistics> usedFields = new TreeMap<>();
        final Map<Term, TermStatistics> usedTerms = new HashMap<>();

        private PinnedSearcher(IndexSearcher base, Map<String, CollectionStatistics> fields,
                               Map<Term, TermStatistics> terms) {
            super(base.getIndexReader());
            setSimilarity(base.getSimilarity());
            setQueryCache(base.getQueryCache());
            setQueryCachingPolicy(base.getQueryCachingPolicy());
            this.pinnedFields = fields;
            this.pinnedTerms = terms;
        }

        @Override
        public CollectionStatistics collectionStatistics(String field) throws IOException {
            CollectionStatistics stats = pinnedFields.get(field);
            if (stats == null) {
                stats = super.collectionStatistics(field);
            }
            if (stats != null) {
                usedFields.put(field, stats);
            }
            return stats;
        }

        @Override
        public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
            TermStatistics stats = pinnedTerms.get(term);
            if (stats == null) {
                stats = super.termStatistics(term, docFreq, totalTermFreq);
            }
            usedTerms.put(term, stats);
            return stats;
        }
    }
}

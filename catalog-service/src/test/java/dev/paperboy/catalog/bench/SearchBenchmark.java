package dev.paperboy.catalog.bench;

import dev.paperboy.catalog.search.IndexFields;
import dev.paperboy.catalog.search.IndexLoader;
import dev.paperboy.catalog.search.PageHighlighter;
import dev.paperboy.catalog.search.PaperDocuments;
import dev.paperboy.catalog.search.PaperPage;
import dev.paperboy.catalog.search.PaperQuery;
import dev.paperboy.catalog.search.PaperSearcher;
import dev.paperboy.catalog.search.SearchIndex;
import dev.paperboy.catalog.search.SortOrder;
import dev.paperboy.catalog.search.TextQueryBuilder;
import dev.paperboy.contracts.PaperEvent;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Search benchmark (a harness, not a test): builds an index of N {@link SyntheticPapers} through the same code as
 * the MongoDB rebuild (store document -> {@link PaperDocuments} -> {@link IndexLoader} with one thread per core),
 * then measures search latency through {@link PaperSearcher} (query building, top hits, total, highlighting, stored
 * fields, cursor) against raw {@code IndexSearcher.search(query, 20)} with the very query the service runs
 * ({@link PaperSearcher#query}), interleaved query by query so load on the machine hits both alike; plus a plain
 * BM25 OR baseline over the combined text field, the highlighting of one page on its own, and listing latency
 * ({@link ListingRuns}) back to back and at a fixed request rate measured from each request's scheduled send time
 * (so a stall counts for every request it delays: no coordinated omission). The service's search includes
 * rescoring the first hits with the typed words as a sloppy phrase; raw runs the first pass only.
 * <pre>
 * cd catalog-service && ../mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * $JAVA_HOME/bin/java -Xmx3g -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     dev.paperboy.catalog.bench.SearchBenchmark [papers=1000000] [queries=2000] [dir=target/search-bench-index] \
 *     [build|reuse] [listings/s=50]
 * </pre>
 * {@code reuse} searches an index built before (e.g. a second run with {@code -Xmx512m}, the service's heap).
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Path.of(args.length > 2 ? args[2] : "target/search-bench-index");
        boolean reuse = args.length > 3 && args[3].equals("reuse");
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        System.out.printf(Locale.ROOT, "search benchmark: %,d papers, %,d queries, index %s, %d cores, JDK %s, max heap %d MB%n",
                n, queries, dir.toAbsolutePath(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);

        if (!reuse) {
            deleteRecursively(dir);
        }
        try (SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(200))) {
            if (!reuse || index.docCount() == 0) {
                build(index, n, dir);
            }
            index.refresh();
            PaperSearcher searcher = new PaperSearcher(index, "http://localhost:8082");
            TextQueryBuilder builder = new TextQueryBuilder(IndexFields.analyzer());
            describe(index);

            List<String> texts = queryTexts(queries).stream().filter(q -> builder.build(q) != null).toList();
            for (String q : texts.subList(0, Math.min(Math.max(20, texts.size() / 5), texts.size()))) { // warm up
                searcher.search(request(q));
                index.withSearcher(s -> s.search(searcher.query(request(q)), 20));
            }
            searches(index, searcher, builder, texts);
            ListingRuns.run(searcher, queries, rate);
            Latencies.heap();
        }
    }

    private static PaperQuery request(String text) {
        return PaperQuery.listing(20).withText(text, SortOrder.RELEVANCE);
    }

    private static void build(SearchIndex index, int n, Path dir) throws IOException {
        int threads = IndexLoader.defaultThreads();
        long start = System.nanoTime();
        try (IndexLoader<Integer> loader = new IndexLoader<>(index,
                i -> PaperDocuments.toLucene(storeDocument(SyntheticPapers.paper(42, i))), threads)) {
            for (int i = 0; i < n; i++) {
                loader.add(i);
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "  queued %,d (%.0f docs/s)%n", i + 1,
                            (i + 1) / ((System.nanoTime() - start) / 1e9));
                }
            }
            loader.finish();
        }
        index.commit(java.util.Map.of());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "build: %,d papers in %.1f s (%.0f docs/s, %d indexing threads), index %.0f MB%n",
                n, seconds, n / seconds, threads, size(dir) / 1e6);
    }

    /** Term statistics, to check the synthetic text looks like real abstracts (a few common words, a long tail). */
    private static void describe(SearchIndex index) {
        index.withSearcher(s -> {
            IndexReader reader = s.getIndexReader();
            if (reader.numDocs() > 0 && MultiTerms.getTerms(reader, IndexFields.TEXT) == null) {
                throw new IllegalStateException("the index has no " + IndexFields.TEXT + " field (an older schema than "
                        + IndexFields.SCHEMA_VERSION + "): build it again instead of reusing it");
            }
            long distinct = 0;
            for (var leaf : reader.leaves()) {
                Terms terms = leaf.reader().terms(IndexFields.TEXT);
                distinct = Math.max(distinct, terms == null ? 0 : terms.size());
            }
            StringBuilder df = new StringBuilder();
            for (String word : new String[]{"model", "learn", "distil", "ganbot", "plunnod", "zofup"}) {
                df.append(String.format(Locale.ROOT, " %s %.1f%%", word,
                        100.0 * reader.docFreq(new Term(IndexFields.TEXT, word)) / Math.max(1, reader.numDocs())));
            }
            System.out.printf(Locale.ROOT, "index: %,d docs in %d segments; text terms (largest segment) %,d; "
                    + "share of papers with:%s%n", reader.numDocs(), reader.leaves().size(), distinct, df);
            return null;
        });
    }

    private static void searches(SearchIndex index, PaperSearcher searcher, TextQueryBuilder builder,
                                 List<String> texts) {
        long[] service = new long[texts.size()];
        long[] raw = new long[texts.size()];
        long[] bm25 = new long[texts.size()];
        long[] highlight = new long[texts.size()];
        Analyzer analyzer = IndexFields.analyzer();
        int lowerBounds = 0;
        long hitsSum = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Query query = searcher.query(request(text)); // exactly what the service runs
            Query plain = baseline(builder, text);
            for (int round = 0; round < 2; round++) {
                if ((round == 0) == (i % 2 == 0)) { // alternate which goes first
                    long start = System.nanoTime();
                    PaperPage page = searcher.search(request(text));
                    service[i] = System.nanoTime() - start;
                    lowerBounds += page.totalExact() ? 0 : 1;
                    hitsSum += page.items().size();
                } else {
                    long start = System.nanoTime();
                    index.withSearcher(s -> s.search(query, 20));
                    raw[i] = System.nanoTime() - start;
                }
            }
            long start = System.nanoTime();
            index.withSearcher(s -> s.search(plain, 10));
            bm25[i] = System.nanoTime() - start;
            Query marks = builder.build(text).highlight();
            highlight[i] = index.withSearcher(s -> {
                ScoreDoc[] hits = s.search(query, 20).scoreDocs;
                org.apache.lucene.document.Document[] docs = new org.apache.lucene.document.Document[hits.length];
                StoredFields stored = s.storedFields();
                for (int h = 0; h < hits.length; h++) {
                    docs[h] = stored.document(hits[h].doc);
                }
                long began = System.nanoTime();
                PageHighlighter.highlight(s, analyzer, marks, hits, docs);
                return System.nanoTime() - began;
            });
        }
        System.out.printf(Locale.ROOT, "%d queries, %.1f hits per page on average, total a lower bound (%d+) for %d%n",
                texts.size(), (double) hitsSum / texts.size(), PaperSearcher.EXACT_TOTAL_UP_TO, lowerBounds);
        double p50 = Latencies.print("service search (relevance, top 20, total, highlights, stored fields)", service);
        double p99 = Latencies.pct(Latencies.sorted(service), 0.99);
        Latencies.print("raw IndexSearcher.search(same query, 20)", raw);
        long[] rawSorted = Latencies.sorted(raw);
        System.out.printf(Locale.ROOT, "service / raw: p50 %.2f×, p99 %.2f×%n", p50 / Latencies.pct(rawSorted, 0.50),
                p99 / Latencies.pct(rawSorted, 0.99));
        Latencies.print("highlighting one page (title + abstract of up to 20 hits, stored docs loaded)", highlight);
        Latencies.print("raw BM25 OR query of the words over the combined text field, top 10", bm25);
    }

    private static Query baseline(TextQueryBuilder builder, String text) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : text.split("\\s+")) {
            Query term = builder.phrase(IndexFields.TEXT, word, 0);
            if (term != null) {
                query.add(term, BooleanClause.Occur.SHOULD);
            }
        }
        return query.build();
    }

    /** 1-3 word queries taken from synthetic titles (what a person would type after seeing papers). */
    public static List<String> queryTexts(int count) {
        SplittableRandom r = new SplittableRandom(1234);
        List<String> texts = new ArrayList<>(count);
        while (texts.size() < count) {
            String[] words = SyntheticPapers.paper(42, r.nextInt(100_000)).title().split("\\s+");
            int length = 1 + r.nextInt(3);
            int from = r.nextInt(Math.max(1, words.length - length));
            String text = String.join(" ", Arrays.copyOfRange(words, from, Math.min(words.length, from + length)));
            texts.add(text.toLowerCase(Locale.ROOT));
        }
        return texts;
    }

    /** A synthetic paper in the store's document shape (what the rebuild reads from MongoDB). */
    static Document storeDocument(PaperEvent e) {
        Document doc = new Document("_id", e.id()).append("version", e.version()).append("title", e.title())
                .append("abstract", e.abstractText()).append("authors", e.authors())
                .append("categories", e.categories()).append("primaryCategory", e.primaryCategory())
                .append("keywords", e.keywords()).append("upvotes", e.upvotes()).append("comments", e.comments())
                .append("organization", e.organization()).append("githubRepo", e.githubRepo())
                .append("projectPage", e.projectPage());
        if (e.publishedAt() != null) {
            doc.append("publishedAt", Date.from(e.publishedAt()));
        }
        if (e.dailyDate() != null) {
            doc.append("dailyDate", e.dailyDate().toString());
        }
        if (e.observedAt() != null) {
            doc.append("observedAt", Date.from(e.observedAt())).append("storedAt", Date.from(e.observedAt()));
        }
        return doc;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

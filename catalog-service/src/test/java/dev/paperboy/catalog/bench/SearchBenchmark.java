package dev.paperboy.catalog.bench;

import dev.paperboy.catalog.search.IndexFields;
import dev.paperboy.catalog.search.PaperDocuments;
import dev.paperboy.catalog.search.PaperQuery;
import dev.paperboy.catalog.search.PaperSearcher;
import dev.paperboy.catalog.search.SearchIndex;
import dev.paperboy.catalog.search.SortOrder;
import dev.paperboy.catalog.search.TextQueryBuilder;
import dev.paperboy.contracts.PaperEvent;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
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
 * the MongoDB rebuild (store document -> {@link PaperDocuments} -> {@link SearchIndex#upsert}), then measures search
 * latency through {@link PaperSearcher} (query building, count, highlighting, stored fields, cursors) against raw
 * {@code IndexSearcher.search(query, 20)} with the same query, plus a plain BM25 title^2+abstract baseline, and
 * listing latency (filters + sorts on doc values).
 * <pre>
 * cd catalog-service && ../mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * $JAVA_HOME/bin/java -Xmx2g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.paperboy.catalog.bench.SearchBenchmark [papers=1000000] [queries=2000] [dir=target/search-bench-index] [reuse]
 * </pre>
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Path.of(args.length > 2 ? args[2] : "target/search-bench-index");
        boolean reuse = args.length > 3 && args[3].equals("reuse");
        System.out.printf(Locale.ROOT, "search benchmark: %,d papers, %,d queries, index %s, %d cores, JDK %s%n", n,
                queries, dir.toAbsolutePath(), Runtime.getRuntime().availableProcessors(), Runtime.version());

        if (!reuse) {
            deleteRecursively(dir);
        }
        try (SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(200))) {
            if (!reuse || index.docCount() == 0) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    index.upsert(PaperDocuments.toLucene(storeDocument(SyntheticPapers.paper(42, i))));
                    if ((i + 1) % 100_000 == 0) {
                        System.out.printf(Locale.ROOT, "  indexed %,d (%.0f docs/s)%n", i + 1,
                                (i + 1) / ((System.nanoTime() - start) / 1e9));
                    }
                }
                index.commit(java.util.Map.of());
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "build: %,d papers in %.1f s (%.0f docs/s), index %.0f MB%n", n, seconds,
                        n / seconds, size(dir) / 1e6);
            }
            index.refresh();
            PaperSearcher searcher = new PaperSearcher(index, "http://localhost:8082");
            TextQueryBuilder builder = new TextQueryBuilder(IndexFields.analyzer());

            List<String> texts = queryTexts(queries).stream().filter(q -> builder.build(q) != null).toList();
            // warm up both paths
            for (String q : texts.subList(0, Math.min(Math.max(20, texts.size() / 5), texts.size()))) {
                searcher.search(PaperQuery.listing(20).withText(q, SortOrder.RELEVANCE));
                index.withSearcher(s -> s.search(builder.build(q).query(), 20));
            }
            report("service search (relevance, top 20, count + highlights)", texts,
                    q -> () -> searcher.search(PaperQuery.listing(20).withText(q, SortOrder.RELEVANCE)));
            report("raw IndexSearcher.search(same query, 20)", texts,
                    q -> {
                        Query query = builder.build(q).query();
                        return () -> index.withSearcher(s -> s.search(query, 20));
                    });
            report("raw BM25 title^2 + abstract OR query, top 10", texts,
                    q -> () -> index.withSearcher(s -> s.search(baseline(builder, q), 10)));

            SplittableRandom r = new SplittableRandom(7);
            List<PaperQuery> listings = new ArrayList<>();
            String[] categories = {"cs.CL", "cs.CV", "cs.LG", "cs.AI", "cs.RO", "cs.IR", "stat.ML"};
            for (int i = 0; i < queries; i++) {
                SortOrder sort = SortOrder.values()[1 + r.nextInt(3)];
                LocalDate day = SyntheticPapers.BASE_DAY.minusDays(r.nextInt(365));
                listings.add(switch (i % 4) {
                    case 0 -> new PaperQuery(null, null, null, sort, null, null, null, null, null, null, null, 20, null, Instant.now());
                    case 1 -> new PaperQuery(null, day, day, sort, null, null, null, null, null, null, null, 20, null, Instant.now());
                    case 2 -> new PaperQuery(null, YearMonth.from(day).atDay(1), YearMonth.from(day).atEndOfMonth(), sort,
                            null, categories[r.nextInt(categories.length)], null, null, null, null, null, 20, null, Instant.now());
                    default -> new PaperQuery(null, null, null, sort, null, null, null, null, null, null, 10, 20, null, Instant.now());
                });
            }
            reportListings(searcher, listings);
        }
    }

    private static Query baseline(TextQueryBuilder builder, String text) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : text.split("\\s+")) {
            Query title = builder.phrase(IndexFields.TITLE, word, 0);
            Query abstractQuery = builder.phrase(IndexFields.ABSTRACT, word, 0);
            if (title != null) {
                query.add(new BoostQuery(title, 2f), BooleanClause.Occur.SHOULD);
            }
            if (abstractQuery != null) {
                query.add(abstractQuery, BooleanClause.Occur.SHOULD);
            }
        }
        return query.build();
    }

    /** 1-3 word queries taken from synthetic titles (what a person would type after seeing papers). */
    static List<String> queryTexts(int count) {
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

    interface Timed {
        Object run() throws Exception;
    }

    private static void report(String label, List<String> texts, java.util.function.Function<String, Timed> task)
            throws Exception {
        long[] nanos = new long[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            Timed timed = task.apply(texts.get(i));
            long start = System.nanoTime();
            timed.run();
            nanos[i] = System.nanoTime() - start;
        }
        print(label, nanos);
    }

    private static void reportListings(PaperSearcher searcher, List<PaperQuery> listings) {
        for (PaperQuery q : listings.subList(0, Math.min(Math.max(20, listings.size() / 5), listings.size()))) {
            searcher.search(q);
        }
        long[] nanos = new long[listings.size()];
        for (int i = 0; i < listings.size(); i++) {
            long start = System.nanoTime();
            searcher.search(listings.get(i));
            nanos[i] = System.nanoTime() - start;
        }
        print("service listing (trending|upvotes|recent; none|date|month+category|minUpvotes; top 20 + count)", nanos);
    }

    private static void print(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d runs)%n", label,
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
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

package dev.paperboy.catalog.search;

import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the catalog's indexing and search paths once over synthetic papers in a throwaway index before the service
 * reports ready. A just-started catalog otherwise loads and links the Lucene codecs, analyzers, highlighter and
 * query classes (from the nested jars of the runnable jar) and runs them interpreted while the first real papers
 * wait: in the freshness benchmark the first 10 s of load after a cold start took stored -> searchable up to 10 s.
 * <p>
 * The throwaway index is an {@link FSDirectory} in a temporary directory, the same directory implementation as the
 * real index (memory-mapped reads), deleted afterwards; the real index is never touched. Rounds of a small batch,
 * a refresh, searches of each kind and a commit repeat until {@code rounds} are done or {@code budget} is spent.
 * Started when its bean is created, it runs beside the rest of the (mostly single-threaded) context start-up.
 */
final class SearchWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SearchWarmUp.class);
    private static final int PAPERS_PER_ROUND = 40;
    private static final String[] WORDS = {"sparse", "attention", "transformer", "diffusion", "language", "model",
            "graph", "neural", "retrieval", "reasoning", "vision", "benchmark", "reinforcement", "learning",
            "quantum", "protein", "robust", "efficient", "scaling", "alignment"};

    /** Marks every warm-up paper (a keyword), so a test can tell that none reached the real index. */
    static final String KEYWORD = "catalog-warm-up";

    /**
     * What one warm-up did: rounds run, papers indexed, searches answered and the papers they returned, how long it
     * took, and the throwaway directory it indexed into (deleted).
     */
    record Result(int rounds, int papers, int searches, long found, Duration took, Path directory) {
    }

    private final int rounds;
    private final Duration budget;
    /** The mapper that writes the API's responses (its serializers are built on first use), null for none. */
    private final ObjectMapper json;
    private volatile boolean done;
    private volatile Result result;

    /** At most {@code rounds} rounds, stopping after the round that ends past {@code budget}; 0 rounds: none. */
    SearchWarmUp(int rounds, Duration budget, ObjectMapper json) {
        this.rounds = rounds;
        this.budget = budget;
        this.json = json;
    }

    /** Warms up on its own thread; {@link #done()} turns true when it ends, also when it failed (logged). */
    void start() {
        Thread.ofPlatform().daemon().name("search-warm-up").start(() -> {
            try {
                Result warmed = run();
                log.info("search paths warmed up: {} papers indexed and {} searches in {} rounds, {} ms",
                        warmed.papers(), warmed.searches(), warmed.rounds(), warmed.took().toMillis());
            } catch (RuntimeException e) {
                log.warn("search warm-up failed: the first searches and refreshes may be slow", e);
            }
        });
    }

    /** Whether the warm-up has ended (the {@code searchIndex} health is DOWN until then). */
    boolean done() {
        return done;
    }

    /** What the warm-up did, null before it ended or when it failed. */
    Result result() {
        return result;
    }

    /** Warms up on the calling thread; {@link #done()} afterwards, whether it succeeded or not. */
    Result run() {
        try {
            Result warmed = rounds <= 0 ? new Result(0, 0, 0, 0, Duration.ZERO, null) : warmUp();
            result = warmed;
            return warmed;
        } finally {
            done = true;
        }
    }

    private Result warmUp() {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        Path dir;
        try {
            dir = Files.createTempDirectory("catalog-search-warm-up");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the search warm-up directory", e);
        }
        int round = 0;
        int searches = 0;
        long found = 0;
        try (SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100))) {
            PaperSearcher searcher = new PaperSearcher(index, "http://localhost");
            while (round < rounds && System.nanoTime() < deadline) {
                for (int i = 0; i < PAPERS_PER_ROUND; i++) {
                    index.upsert(PaperDocuments.toLucene(paper(round * PAPERS_PER_ROUND + i)));
                }
                index.refresh();
                int[] answered = search(searcher, round);
                searches += answered[0];
                found += answered[1];
                index.commit(Map.of("warmUp", Integer.toString(round)));
                round++;
            }
        } finally {
            delete(dir);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Result(round, round * PAPERS_PER_ROUND, searches, found, took, dir);
    }

    /**
     * One request of each kind the API serves, parsed as the controller parses them and written as JSON with the
     * application's mapper: ranked text with highlights, a phrase filtered by category, the listings and their
     * next pages, similar papers.
     */
    private int[] search(PaperSearcher searcher, int round) {
        String word = WORDS[round % WORDS.length];
        String phrase = "\"" + word + " " + WORDS[(round + 1) % WORDS.length] + "\"";
        List<PaperQueryParser.Params> requests = List.of(
                params(word + " " + WORDS[(round + 3) % WORDS.length], null, null),
                params(phrase, null, "cs.LG"),
                params(word, "recent", null),
                params(null, "recent", null),
                params(null, "trending", "cs"),
                params(null, "upvotes", null));
        Instant now = Instant.now();
        int answered = 0;
        int found = 0;
        for (PaperQueryParser.Params request : requests) {
            PaperQuery query = PaperQueryParser.parse(request, request.q() != null, now);
            PaperPage page = searcher.search(query);
            write(page);
            answered++;
            found += page.items().size();
            if (page.nextCursor() != null) {
                PaperPage next = searcher.search(query.withCursor(SearchCursor.decode(page.nextCursor())));
                write(next);
                answered++;
                found += next.items().size();
            }
        }
        List<PaperItem> similar = searcher.similar(arxivId(round * PAPERS_PER_ROUND), 10);
        write(similar);
        return new int[] {answered + 1, found + (similar == null ? 0 : similar.size())};
    }

    private static PaperQueryParser.Params params(String q, String sort, String category) {
        return new PaperQueryParser.Params(q, null, null, null, sort, null, category, null, null, null, null, null,
                "10", null);
    }

    private void write(Object response) {
        if (json != null) {
            json.writeValueAsBytes(response);
        }
    }

    /** A store document shaped like the ones the catalog writes (see {@code store.PaperFields}). */
    private static org.bson.Document paper(int n) {
        String id = arxivId(n);
        StringBuilder abstractText = new StringBuilder("We study");
        for (int i = 0; i < 40; i++) {
            abstractText.append(' ').append(WORDS[(n * 7 + i * 3) % WORDS.length]);
        }
        Date now = new Date();
        return new org.bson.Document("_id", id)
                .append("title", "Warm-up paper " + n + " on " + WORDS[n % WORDS.length] + " "
                        + WORDS[(n + 1) % WORDS.length])
                .append("abstract", abstractText.append('.').toString())
                .append("authors", List.of("A. Author" + n % 13, "B. Writer" + n % 7))
                .append("categories", List.of(n % 2 == 0 ? "cs.LG" : "cs.CL"))
                .append("keywords", List.of(KEYWORD, WORDS[(n + 5) % WORDS.length]))
                .append("organization", "Org " + n % 5)
                .append("upvotes", n % 50)
                .append("dailyDate", LocalDate.of(2026, 1, 1).plusDays(n % 60).toString())
                .append("publishedAt", Date.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n * 3600L)))
                .append("storedAt", now);
    }

    private static String arxivId(int n) {
        return String.format(Locale.ROOT, "2601.%05d", n + 1);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("could not delete {}", file, e);
                }
            });
        } catch (IOException e) {
            log.warn("could not delete the search warm-up directory {}", dir, e);
        }
    }
}

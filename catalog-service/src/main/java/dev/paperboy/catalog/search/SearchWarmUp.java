package dev.paperboy.catalog.search;

import com.mongodb.client.MongoDatabase;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
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
import java.util.ArrayList;
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
 * a refresh, searches of each kind and a commit repeat until {@code rounds} are done or {@code budget} is spent
 * (then one merge), but at least {@value #MIN_ROUNDS} rounds run whatever the budget (unless {@link #HARD_LIMIT} passed): on a loaded
 * machine the first round alone took 5-9 s, and a budget-only warm-up then did one round, or none at all once it
 * also opened a change stream.
 * With a database, each round's papers reach the throwaway index the way real ones do: written to a throwaway
 * collection and applied from its change stream ({@link ChangeStreamWarmUp}: the part the last profile still found
 * cold, with the first event decodes of the apply path); without one, or if MongoDB fails it, they are indexed
 * directly. Started when its bean is created, it runs beside the rest of the (mostly
 * single-threaded) context start-up.
 */
final class SearchWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SearchWarmUp.class);
    private static final int PAPERS_PER_ROUND = 40;
    /** Rounds run whatever the budget: the first loads the classes, the next run the code often enough to compile. */
    static final int MIN_ROUNDS = 3;
    /** No round starts after this, whatever {@link #MIN_ROUNDS} asks: readiness is never held longer by much. */
    static final Duration HARD_LIMIT = Duration.ofSeconds(30);
    /** How long a round waits for its change events beyond the budget (a round is never cut short before). */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(5);
    private static final String[] WORDS = {"sparse", "attention", "transformer", "diffusion", "language", "model",
            "graph", "neural", "retrieval", "reasoning", "vision", "benchmark", "reinforcement", "learning",
            "quantum", "protein", "robust", "efficient", "scaling", "alignment"};

    /** Marks every warm-up paper (a keyword), so a test can tell that none reached the real index. */
    static final String KEYWORD = "catalog-warm-up";

    /**
     * What one warm-up did: rounds run, papers indexed, searches answered and the papers they returned, how long it
     * took, the throwaway directory it indexed into (deleted), the change events it applied and the throwaway
     * collection they came from (dropped; null when no database was used).
     */
    record Result(int rounds, int papers, int searches, long found, Duration took, Path directory,
                  int changeEvents, String collection) {
    }

    private final int rounds;
    private final Duration budget;
    /** The mapper that writes the API's responses (its serializers are built on first use), null for none. */
    private final ObjectMapper json;
    /** The database of the change-stream warm-up (never the catalog's, see {@link ChangeStreamWarmUp}), or null. */
    private final MongoDatabase database;
    private final Duration pollWait;
    private volatile boolean done;
    private volatile Result result;

    /**
     * At most {@code rounds} rounds, stopping after the round that ends past {@code budget} once
     * {@value #MIN_ROUNDS} rounds are done; 0 rounds: none.
     */
    SearchWarmUp(int rounds, Duration budget, ObjectMapper json) {
        this(rounds, budget, json, null, Duration.ZERO);
    }

    /** As above, feeding the papers through a change stream of {@code database} polled as the feeder polls. */
    SearchWarmUp(int rounds, Duration budget, ObjectMapper json, MongoDatabase database, Duration pollWait) {
        this.rounds = rounds;
        this.budget = budget;
        this.json = json;
        this.database = database;
        this.pollWait = pollWait;
    }

    /** Warms up on its own thread; {@link #done()} turns true when it ends, also when it failed (logged). */
    void start() {
        Thread.ofPlatform().daemon().name("search-warm-up").start(() -> {
            try {
                Result warmed = run();
                log.info("search paths warmed up: {} papers indexed ({} change events) and {} searches in {} rounds,"
                        + " {} ms", warmed.papers(), warmed.changeEvents(), warmed.searches(), warmed.rounds(),
                        warmed.took().toMillis());
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
            Result warmed = rounds <= 0 ? new Result(0, 0, 0, 0, Duration.ZERO, null, 0, null) : warmUp();
            result = warmed;
            return warmed;
        } finally {
            done = true;
        }
    }

    private Result warmUp() {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        long hardLimit = started + HARD_LIMIT.toNanos();
        Path dir;
        try {
            dir = Files.createTempDirectory("catalog-search-warm-up");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the search warm-up directory", e);
        }
        int round = 0;
        int searches = 0;
        long found = 0;
        int changeEvents = 0;
        ChangeStreamWarmUp changes = openChangeStream();
        String collection = changes == null ? null : changes.collectionName();
        try (SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100))) {
            PaperSearcher searcher = new PaperSearcher(index, "http://localhost");
            while (round < rounds && (round < MIN_ROUNDS ? System.nanoTime() < hardLimit
                    : System.nanoTime() < deadline)) {
                List<org.bson.Document> papers = new ArrayList<>();
                for (int i = 0; i < PAPERS_PER_ROUND; i++) {
                    papers.add(paper(round * PAPERS_PER_ROUND + i));
                }
                decodeAsEvents(papers);
                ChangeStreamWarmUp.Round fed = null;
                if (changes != null) {
                    try {
                        long eventsDue = Math.max(deadline, System.nanoTime() + EVENT_WAIT.toNanos());
                        fed = changes.round(papers, index, eventsDue);
                        changeEvents += fed.applied();
                    } catch (RuntimeException e) {
                        log.warn("search warm-up: the change-stream part failed, indexing directly", e);
                        close(changes);
                        changes = null;
                    }
                }
                if (fed == null || !fed.complete()) {
                    // without a database, or events that did not all come in time (re-indexing is idempotent)
                    for (org.bson.Document paper : papers) {
                        index.upsert(PaperDocuments.toLucene(paper));
                    }
                }
                index.refresh();
                int[] answered = search(searcher, round);
                searches += answered[0];
                found += answered[1];
                index.commit(Map.of("warmUp", Integer.toString(round)));
                round++;
            }
            // the real index merges its small refresh segments in the background from its first seconds on: load
            // and run the merge code once here (no round flushes enough segments for the merge policy to merge)
            index.forceMerge(1);
        } finally {
            close(changes);
            delete(dir);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Result(round, round * PAPERS_PER_ROUND, searches, found, took, dir, changeEvents, collection);
    }

    private ChangeStreamWarmUp openChangeStream() {
        if (database == null) {
            return null;
        }
        try {
            return ChangeStreamWarmUp.open(database, pollWait);
        } catch (RuntimeException e) {
            log.warn("search warm-up: no change stream on a throwaway collection, indexing directly", e);
            return null;
        }
    }

    private static void close(ChangeStreamWarmUp changes) {
        if (changes == null) {
            return;
        }
        try {
            changes.close();
        } catch (RuntimeException e) {
            log.warn("search warm-up: could not drop its collection {}", changes.collectionName(), e);
        }
    }

    /** Each paper as the event that would bring it, written and read back with the codec of papers.v1. */
    private static void decodeAsEvents(List<org.bson.Document> papers) {
        for (org.bson.Document paper : papers) {
            PaperEvent event = new PaperEvent(PaperEvent.SCHEMA_VERSION, "warm-up-" + paper.get("_id"),
                    paper.getString("_id"), 1, paper.getString("title"), paper.getString("abstract"),
                    paper.getList("authors", String.class), paper.getList("categories", String.class), "cs.LG",
                    paper.getList("keywords", String.class), paper.getDate("publishedAt").toInstant(), null,
                    LocalDate.parse(paper.getString("dailyDate")), paper.getInteger("upvotes"), 0, null, null, null,
                    paper.getString("organization"), null, null, null, Source.FILE, Instant.now());
            EventCodec.fromJson(EventCodec.toJson(event), PaperEvent.class);
        }
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

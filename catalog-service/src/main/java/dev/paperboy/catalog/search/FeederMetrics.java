package dev.paperboy.catalog.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.lucene.search.ReferenceManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * What the search index's freshness is made of, for operators: how long each change-stream poll took (with or
 * without changes; on the embedded Mongo-wire server a poll reads the whole oplog), how long after MongoDB stored a
 * paper it was written to the index and how long until a search found it (the refresh after its batch), and how
 * long applying a change, the searcher refreshes and the commits took.
 */
final class FeederMetrics implements ReferenceManager.RefreshListener {

    static final String POLL = "paperboy.catalog.search.feeder.poll";
    static final String STORED_TO_INDEXED = "paperboy.catalog.search.stored.to.indexed";
    static final String STORED_TO_SEARCHABLE = "paperboy.catalog.search.stored.to.searchable";
    static final String REFRESH = "paperboy.catalog.search.refresh";
    static final String COMMIT = "paperboy.catalog.search.commit";
    static final String APPLY = "paperboy.catalog.search.apply";

    private final Timer pollWithChanges;
    private final Timer emptyPoll;
    private final Timer storedToIndexed;
    private final Timer storedToSearchable;
    private final Timer refresh;
    private final Timer commit;
    private final Timer apply;
    /** storedAt of the papers indexed since the last refresh began (what the next refresh makes searchable). */
    private List<Object> awaitingRefresh = new ArrayList<>();
    private List<Object> refreshing = List.of();
    private long refreshStarted;

    FeederMetrics(MeterRegistry registry) {
        this.pollWithChanges = Timer.builder(POLL).tag("result", "changes")
                .description("one poll of the papers change stream").publishPercentileHistogram().register(registry);
        this.emptyPoll = Timer.builder(POLL).tag("result", "empty")
                .description("one poll of the papers change stream").publishPercentileHistogram().register(registry);
        this.storedToIndexed = Timer.builder(STORED_TO_INDEXED)
                .description("from a paper's storedAt in MongoDB to its write into the search index")
                .publishPercentileHistogram().register(registry);
        this.storedToSearchable = Timer.builder(STORED_TO_SEARCHABLE)
                .description("from a paper's storedAt in MongoDB until the searchers see it (the refresh after its batch)")
                .publishPercentileHistogram().register(registry);
        this.refresh = Timer.builder(REFRESH).description("one refresh of the searchers that made new writes visible")
                .publishPercentileHistogram().register(registry);
        this.apply = Timer.builder(APPLY).description("applying one change to the index (analysis and write)")
                .publishPercentileHistogram().register(registry);
        this.commit = Timer.builder(COMMIT).description("one commit of the index with its resume token (an fsync)")
                .publishPercentileHistogram().register(registry);
    }

    void polled(long nanos, boolean changes) {
        (changes ? pollWithChanges : emptyPoll).record(Duration.ofNanos(nanos));
    }

    /** A paper stored at {@code storedAt} (null for documents without it) was just written to the index. */
    void indexed(Object storedAt) {
        recordSince(storedToIndexed, storedAt);
        synchronized (this) {
            awaitingRefresh.add(storedAt);
        }
    }

    @Override
    public synchronized void beforeRefresh() {
        refreshing = awaitingRefresh;
        awaitingRefresh = new ArrayList<>();
        refreshStarted = System.nanoTime();
    }

    /** Papers indexed before the refresh began are visible now, whether or not it found anything new. */
    @Override
    public void afterRefresh(boolean didRefresh) {
        List<Object> visible;
        synchronized (this) {
            visible = refreshing;
            refreshing = List.of();
            if (didRefresh) {
                refresh.record(Duration.ofNanos(System.nanoTime() - refreshStarted));
            }
        }
        visible.forEach(storedAt -> recordSince(storedToSearchable, storedAt));
    }

    void applied(long nanos) {
        apply.record(Duration.ofNanos(nanos));
    }

    void committed(long nanos) {
        commit.record(Duration.ofNanos(nanos));
    }

    private static void recordSince(Timer timer, Object storedAt) {
        if (storedAt instanceof Date stored) {
            long lag = Instant.now().toEpochMilli() - stored.getTime();
            timer.record(Duration.ofMillis(Math.max(0, lag)));
        }
    }
}

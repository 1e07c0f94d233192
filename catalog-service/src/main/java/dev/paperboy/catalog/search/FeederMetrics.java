package dev.paperboy.catalog.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * What the search index's freshness is made of, for operators: how long each change-stream poll took (with or
 * without changes; on the embedded Mongo-wire server a poll reads the whole oplog) and how long after MongoDB
 * stored a paper it was written to the index (searchable at most one refresh interval later).
 */
final class FeederMetrics {

    static final String POLL = "paperboy.catalog.search.feeder.poll";
    static final String STORED_TO_INDEXED = "paperboy.catalog.search.stored.to.indexed";

    private final Timer pollWithChanges;
    private final Timer emptyPoll;
    private final Timer storedToIndexed;

    FeederMetrics(MeterRegistry registry) {
        this.pollWithChanges = Timer.builder(POLL).tag("result", "changes")
                .description("one poll of the papers change stream").publishPercentileHistogram().register(registry);
        this.emptyPoll = Timer.builder(POLL).tag("result", "empty")
                .description("one poll of the papers change stream").publishPercentileHistogram().register(registry);
        this.storedToIndexed = Timer.builder(STORED_TO_INDEXED)
                .description("from a paper's storedAt in MongoDB to its write into the search index")
                .publishPercentileHistogram().register(registry);
    }

    void polled(long nanos, boolean changes) {
        (changes ? pollWithChanges : emptyPoll).record(Duration.ofNanos(nanos));
    }

    /** A paper stored at {@code storedAt} (null for documents without it) was just written to the index. */
    void indexed(Object storedAt) {
        if (storedAt instanceof Date stored) {
            long lag = Instant.now().toEpochMilli() - stored.getTime();
            storedToIndexed.record(Duration.ofMillis(Math.max(0, lag)));
        }
    }
}

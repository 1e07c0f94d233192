package dev.paperboy.catalog.store;

import dev.paperboy.catalog.CatalogTestSupport;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several writers of the same papers (two catalog instances during a rebalance, or threads of one): whoever wrote
 * last and whatever a writer read before, no observation is lost and no paper goes back to an older state.
 */
class PaperStoreConcurrencyTest {

    private static final String ID = "2601.00042";
    private static final Instant T0 = Instant.parse("2025-12-11T08:00:00Z");

    @RegisterExtension
    final PrivateMongo mongo = new PrivateMongo();

    @Test
    void aWriterHoldingAnOldReadDoesNotOverwriteWhatAnotherInstanceWroteSince() {
        StaleReadStore a = new StaleReadStore(template());
        PaperStore b = store();
        a.apply(List.of(observation(10, 0)));
        a.holdNextRead(a.read(List.of(ID))); // a's read from before b's write: a lost its partition meanwhile

        b.apply(List.of(observation(13, 3600))); // the newest observation, written by the other instance
        PaperStore.ApplyResult result = a.apply(List.of(observation(11, 1800)));

        assertThat(result.retries()).isEqualTo(1);
        Document stored = b.find(ID).orElseThrow();
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(13);
        assertThat(stored.get(PaperFields.OBSERVED_AT)).isEqualTo(Date.from(T0.plusSeconds(3600)));
        assertThat(history(stored)).containsExactly(10, 11, 13);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(3L);
    }

    @Test
    void aWriterWhoseReadMissesAnotherWritersLastChangeKeepsThatChange() {
        PaperStore a = store();
        StaleReadStore b = new StaleReadStore(template());
        a.apply(List.of(observation(10, 0)));
        b.holdNextRead(b.read(List.of(ID))); // b read the paper, then a wrote it once more

        a.apply(List.of(observation(12, 1800)));
        b.apply(List.of(observation(15, 3600)));

        Document stored = a.find(ID).orElseThrow();
        assertThat(history(stored)).containsExactly(10, 12, 15);
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(15);
        a.apply(List.of(observation(16, 5400)));
        assertThat(history(a.find(ID).orElseThrow())).containsExactly(10, 12, 15, 16);
    }

    @Test
    void threadsOfOneInstanceWritingTheSamePapersLoseNoObservation() throws Exception {
        PaperStore shared = store();
        List<String> ids = List.of("2601.00101", "2601.00102", "2601.00103", "2601.00104", "2601.00105");
        int perThread = 15;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int second = (i * 2 + thread) * 60; // the threads' observations interleave in time
                        List<PaperEvent> batch = new ArrayList<>();
                        for (String id : ids) {
                            batch.add(CatalogTestSupport.paper(id, 1, second, T0.plusSeconds(second)));
                        }
                        applyUntilStored(shared, batch);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        for (String id : ids) {
            Document stored = shared.find(id).orElseThrow();
            assertThat(history(stored)).hasSize(2 * perThread).isSorted();
            assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo((2 * perThread - 1) * 60);
        }
    }

    /** As the consumer does: a batch that kept losing races is delivered again. */
    private static void applyUntilStored(PaperStore store, List<PaperEvent> batch) {
        for (int delivery = 1; ; delivery++) {
            try {
                store.apply(batch);
                return;
            } catch (OptimisticLockingFailureException e) {
                assertThat(delivery).isLessThan(20);
            }
        }
    }

    private PaperStore store() {
        return new PaperStore(template(), Optional.empty());
    }

    private MongoTemplate template() {
        return mongo.template("concurrency");
    }

    private static PaperEvent observation(int upvotes, int secondsAfterT0) {
        return CatalogTestSupport.paper(ID, 1, upvotes, T0.plusSeconds(secondsAfterT0));
    }

    private static List<Integer> history(Document stored) {
        return ((List<?>) stored.get(PaperFields.HISTORY)).stream()
                .map(o -> ((Document) o).getInteger(PaperFields.HISTORY_UPVOTES)).toList();
    }

    /**
     * A store whose next read returns documents read earlier: a writer that was slow between read and write. It
     * has no write cache, so that every write works from a read (the cache's stale states are tested apart).
     */
    private static final class StaleReadStore extends PaperStore {

        private Map<String, Document> held;

        StaleReadStore(MongoTemplate mongo) {
            super(mongo, Optional.empty(), DataSize.ofBytes(0));
        }

        void holdNextRead(Map<String, Document> earlier) {
            held = earlier;
        }

        @Override
        Map<String, Document> read(Collection<String> ids) {
            Map<String, Document> earlier = held;
            held = null;
            return earlier != null ? earlier : super.read(ids);
        }
    }
}

package dev.paperboy.catalog.store;

import dev.paperboy.catalog.CatalogTestSupport;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Papers this instance does not remember (a restarted instance, papers another instance wrote) are written
 * without a read while the observation is newer than the stored one; whatever is not (a redelivery, an older
 * observation after a newer one, an upvote observation of a time already stored) is read and merged. Each batch
 * here is applied by a store that remembers nothing, and the documents must equal those of a store that reads
 * before every write.
 */
class PaperStoreReadFreeWriteTest {

    private static final String ID = "2601.00088";
    private static final Instant T0 = Instant.parse("2025-12-11T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-11T12:00:00Z"), ZoneOffset.UTC);

    @RegisterExtension
    final PrivateMongo mongo = new PrivateMongo();

    @Test
    void aNewerObservationIsWrittenWithoutAReadAndStoresWhatAReadAndMergeStores() {
        Cold cold = new Cold();
        cold.apply(List.of(observation(10, 0)));
        PaperEvent arxivV2 = new PaperEvent(1, "arxiv-2", ID, 2, "Revised title", "Revised abstract",
                List.of("Ada Lovelace"), List.of("cs.LG"), "cs.LG", List.of(), T0, T0.plusSeconds(86_400), null,
                null, null, null, null, null, null, List.of(), "10.1000/y", null, null, Source.ARXIV,
                T0.plusSeconds(60));

        cold.apply(List.of(observation(12, 3600)));
        cold.apply(List.of(arxivV2)); // newer version, knows no upvotes: no history entry

        assertThat(cold.idsRead).isZero();
        Document stored = cold.stored();
        assertThat(stored.getInteger(PaperFields.VERSION)).isEqualTo(2);
        assertThat(stored.getString(PaperFields.TITLE)).isEqualTo("Revised title");
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(12); // not known to the arXiv observation
        assertThat(stored.get(PaperFields.KEYWORDS)).isEqualTo(List.of("pre-training", "initialization"));
        assertThat(stored.get(PaperFields.FIRST_SEEN_AT)).isEqualTo(Date.from(T0));
        assertThat(history(stored)).containsExactly(10, 12);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(3L);
    }

    @Test
    void anObservationOlderThanTheStoredOneLosesTheReadFreeWriteAndIsMergedFromARead() {
        Cold cold = new Cold();
        cold.apply(List.of(observation(13, 3600)));

        PaperStore.ApplyResult result = cold.apply(List.of(observation(11, 1800)));

        assertThat(result.written()).isEqualTo(1);
        assertThat(result.retries()).isZero(); // not a race: the read is the ordinary path for an older event
        assertThat(cold.idsRead).isEqualTo(1);
        Document stored = cold.stored();
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(13);
        assertThat(history(stored)).containsExactly(11, 13);
        assertThat(stored.get(PaperFields.FIRST_SEEN_AT)).isEqualTo(Date.from(T0.plusSeconds(1800)));
    }

    @Test
    void theSameObservationAppliedTwiceChangesNothingTheSecondTime() {
        Cold cold = new Cold();
        PaperEvent observation = observation(10, 0);
        cold.apply(List.of(observation));
        Document first = cold.stored();

        PaperStore.ApplyResult again = cold.apply(List.of(observation));

        assertThat(again.written()).isZero();
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(cold.stored()).isEqualTo(first);
        assertThat(history(first)).containsExactly(10);
    }

    @Test
    void aNewerVersionObservedAtATimeAlreadyInTheHistoryReplacesThatObservation() {
        Cold cold = new Cold();
        cold.apply(List.of(CatalogTestSupport.paper(ID, 2, 20, T0.plusSeconds(600))));
        cold.apply(List.of(CatalogTestSupport.paper(ID, 1, 30, T0.plusSeconds(3600)))); // older version, later
        // version 3 observed at the time of the version 1 observation: newer, but its history time is taken
        cold.apply(List.of(CatalogTestSupport.paper(ID, 3, 31, T0.plusSeconds(3600))));

        Document stored = cold.stored();
        assertThat(stored.getInteger(PaperFields.VERSION)).isEqualTo(3);
        assertThat(history(stored)).containsExactly(20, 31);
    }

    @Test
    void aFullHistoryKeepsTheNewestObservationsInTimeOrder() {
        Cold cold = new Cold();
        List<PaperEvent> many = new ArrayList<>();
        for (int i = 0; i < PaperFields.HISTORY_LIMIT; i++) {
            many.add(observation(i, 60 * i));
        }
        cold.apply(many); // several events of a paper in one batch: merged from a read
        int last = PaperFields.HISTORY_LIMIT;
        cold.apply(List.of(observation(last, 60 * last)));
        // a newer version observed before everything kept: newer, yet too old for a full history
        cold.apply(List.of(CatalogTestSupport.paper(ID, 2, 1000, T0.minusSeconds(60))));

        List<Integer> history = history(cold.stored());
        assertThat(history).hasSize(PaperFields.HISTORY_LIMIT).isSorted();
        assertThat(history.getFirst()).isEqualTo(1);
        assertThat(history.getLast()).isEqualTo(last);
        assertThat(cold.stored().getInteger(PaperFields.UPVOTES)).isEqualTo(1000);
    }

    @Test
    void aStoredPaperWithoutAVersionIsOlderThanAnObservationWithOne() {
        Cold cold = new Cold();
        PaperEvent base = observation(5, 0);
        cold.apply(List.of(withoutVersion(base)));

        cold.apply(List.of(observation(6, -60))); // earlier observation time, but a known version

        assertThat(cold.idsRead).isZero();
        assertThat(cold.stored().getInteger(PaperFields.VERSION)).isEqualTo(1);
        assertThat(cold.stored().getInteger(PaperFields.UPVOTES)).isEqualTo(6);
        assertThat(cold.stored().get(PaperFields.FIRST_SEEN_AT)).isEqualTo(Date.from(T0.minusSeconds(60)));
    }

    /** A store that remembers nothing, new for each batch (a restarted instance), beside one that reads first. */
    private final class Cold {

        final CountingStore reading = new CountingStore(mongo.template("reading"), false);
        /** Papers the read-free stores read, over all batches. */
        int idsRead;

        PaperStore.ApplyResult apply(List<PaperEvent> batch) {
            CountingStore readFree = new CountingStore(mongo.template("read-free"), true);
            PaperStore.ApplyResult withoutRead = readFree.apply(batch);
            PaperStore.ApplyResult fromRead = reading.apply(batch);
            idsRead += readFree.idsRead;
            assertThat(withoutRead).isEqualTo(fromRead);
            assertThat(readFree.find(ID)).isEqualTo(reading.find(ID));
            return withoutRead;
        }

        Document stored() {
            return reading.find(ID).orElseThrow();
        }
    }

    private static PaperEvent observation(int upvotes, int secondsAfterT0) {
        return CatalogTestSupport.paper(ID, 1, upvotes, T0.plusSeconds(secondsAfterT0));
    }

    private static PaperEvent withoutVersion(PaperEvent e) {
        return new PaperEvent(e.schemaVersion(), e.eventId(), e.id(), null, e.title(), e.abstractText(), e.authors(),
                e.categories(), e.primaryCategory(), e.keywords(), e.publishedAt(), e.updatedAt(), e.dailyDate(),
                e.upvotes(), e.comments(), e.githubRepo(), e.githubStars(), e.projectPage(), e.organization(),
                e.affiliations(), e.doi(), e.journalRef(), e.comment(), e.source(), e.observedAt());
    }

    private static List<Integer> history(Document stored) {
        List<Integer> upvotes = new ArrayList<>();
        for (Object entry : (List<?>) stored.get(PaperFields.HISTORY)) {
            upvotes.add(((Document) entry).getInteger(PaperFields.HISTORY_UPVOTES));
        }
        return upvotes;
    }

    /** A store without a write cache that counts the papers it reads before writing. */
    private static final class CountingStore extends PaperStore {

        int idsRead;

        CountingStore(MongoTemplate mongo, boolean readFreeWrites) {
            super(mongo, Optional.of(CLOCK), DataSize.ofBytes(0), readFreeWrites);
        }

        @Override
        Map<String, Document> read(Collection<String> ids) {
            idsRead += ids.size();
            return super.read(ids);
        }
    }
}

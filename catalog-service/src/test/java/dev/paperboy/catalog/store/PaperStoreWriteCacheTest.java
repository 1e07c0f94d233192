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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Updates merged from what the store last wrote (its write cache) instead of a read: the same documents as from a
 * read, and a remembered state that is no longer true (another instance wrote the paper, the paper is gone) only
 * costs a lost race and a read, never a wrong document.
 */
class PaperStoreWriteCacheTest {

    private static final String ID = "2601.00077";
    private static final Instant T0 = Instant.parse("2025-12-11T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-11T12:00:00Z"), ZoneOffset.UTC);

    @RegisterExtension
    final PrivateMongo mongo = new PrivateMongo();

    @Test
    void updatesFromTheCacheStoreWhatUpdatesFromAReadStoreWithoutReading() {
        CountingStore cached = new CountingStore(mongo.template("cached"), PaperStore.DEFAULT_WRITE_CACHE);
        CountingStore reading = new CountingStore(mongo.template("reading"), DataSize.ofBytes(0));
        PaperEvent first = CatalogTestSupport.paper(ID, 1, 10, T0);
        PaperEvent arxivV2 = new PaperEvent(1, "arxiv-2", ID, 2, "Revised title", "Revised abstract",
                List.of("Ada Lovelace"), List.of("cs.LG"), "cs.LG", List.of(), first.publishedAt(),
                first.updatedAt().plusSeconds(86_400), null, null, null, null, null, null, null,
                List.of("Analytical Engine Society"), "10.1000/y", null, null, Source.ARXIV, T0.plusSeconds(60));
        List<List<PaperEvent>> batches = List.of(
                List.of(first),
                List.of(CatalogTestSupport.paper(ID, 1, 12, T0.plusSeconds(3600))),   // newer observation
                List.of(CatalogTestSupport.paper(ID, 1, 11, T0.plusSeconds(1800))),   // older, after newer
                List.of(arxivV2),                                                     // newer version, other source
                List.of(arxivV2),                                                     // redelivery
                List.of(CatalogTestSupport.paper(ID, 3, 20, T0.plusSeconds(7200)), // two in one batch
                        CatalogTestSupport.paper(ID, 3, 21, T0.plusSeconds(7260))));

        for (List<PaperEvent> batch : batches) {
            PaperStore.ApplyResult fromCache = cached.apply(batch);
            PaperStore.ApplyResult fromRead = reading.apply(batch);
            assertThat(fromCache).isEqualTo(fromRead);
            assertThat(cached.find(ID)).isEqualTo(reading.find(ID));
        }

        Document stored = cached.find(ID).orElseThrow();
        assertThat(stored.getInteger(PaperFields.VERSION)).isEqualTo(3);
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(21);
        assertThat(stored.getString(PaperFields.DOI)).isEqualTo("10.1000/y"); // known to version 2 only
        assertThat(stored.get(PaperFields.AFFILIATIONS)).isEqualTo(List.of("Analytical Engine Society"));
        assertThat(stored.get(PaperFields.REV)).isEqualTo(5L); // the redelivery wrote nothing
        assertThat(cached.idsRead).isEqualTo(1);                 // only before the insert
        assertThat(reading.idsRead).isEqualTo(batches.size());
        assertThat(cached.writeCacheStats().hits()).isEqualTo(batches.size() - 1);
        assertThat(cached.writeCacheStats().misses()).isEqualTo(1);
    }

    @Test
    void aCachedStateThatAnotherInstanceMadeStaleLosesTheRaceAndThePaperIsReadAgain() {
        PaperStore a = new PaperStore(mongo.template("stale"), Optional.empty());
        PaperStore b = new PaperStore(mongo.template("stale"), Optional.empty());
        a.apply(List.of(observation(10, 0)));
        b.apply(List.of(observation(13, 3600))); // e.g. after a rebalance: a still remembers revision 1

        PaperStore.ApplyResult result = a.apply(List.of(observation(11, 1800)));

        assertThat(result.retries()).isEqualTo(1);
        assertThat(a.writeCacheStats().hits()).isEqualTo(1);
        Document stored = a.find(ID).orElseThrow();
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(13);
        assertThat(history(stored)).containsExactly(10, 11, 13);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(3L);
        // the state a read back in the retry is remembered: the next update needs no read
        a.apply(List.of(observation(14, 5400)));
        assertThat(a.writeCacheStats().hits()).isEqualTo(2);
        assertThat(history(a.find(ID).orElseThrow())).containsExactly(10, 11, 13, 14);
    }

    @Test
    void aPaperWrittenAnewByAnotherInstanceToTheSameRevisionIsNotUpdatedFromTheCache() {
        MongoTemplate db = mongo.template("rewritten");
        PaperStore a = new PaperStore(db, Optional.of(CLOCK));
        PaperStore b = new PaperStore(db, Optional.of(Clock.offset(CLOCK, java.time.Duration.ofSeconds(5))));
        a.apply(List.of(titled("First title", 10, 0)));
        // the paper is deleted (a database restored from a backup, say) and b writes it again: revision 1 again
        a.collection().deleteOne(new Document(PaperFields.ID, ID));
        b.apply(List.of(titled("Other title", 12, 600)));

        a.apply(List.of(titled("First title", 11, 1800))); // the newest observation: its title wins

        Document stored = a.find(ID).orElseThrow();
        assertThat(stored.getString(PaperFields.TITLE)).isEqualTo("First title");
        assertThat(history(stored)).containsExactly(12, 11);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(2L);
    }

    @Test
    void aPaperGoneFromTheDatabaseIsWrittenAgainNotUpdated() {
        PaperStore a = new PaperStore(mongo.template("gone"), Optional.empty());
        a.apply(List.of(observation(10, 0)));
        a.collection().drop(); // a database replaced while the instance ran

        PaperStore.ApplyResult result = a.apply(List.of(observation(11, 1800)));

        assertThat(result.written()).isEqualTo(1);
        Document stored = a.find(ID).orElseThrow();
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(11);
        assertThat(stored.get(PaperFields.TITLE)).isEqualTo("Paper " + ID);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(1L);
    }

    private static PaperEvent observation(int upvotes, int secondsAfterT0) {
        return CatalogTestSupport.paper(ID, 1, upvotes, T0.plusSeconds(secondsAfterT0));
    }

    private static PaperEvent titled(String title, int upvotes, int secondsAfterT0) {
        return CatalogTestSupport.paper(ID, 1, upvotes, T0.plusSeconds(secondsAfterT0), LocalDate.of(2025, 12, 11),
                title);
    }

    private static List<Integer> history(Document stored) {
        List<Integer> upvotes = new ArrayList<>();
        for (Object entry : (List<?>) stored.get(PaperFields.HISTORY)) {
            upvotes.add(((Document) entry).getInteger(PaperFields.HISTORY_UPVOTES));
        }
        return upvotes;
    }

    /** A store that counts the papers it reads before writing. */
    private static final class CountingStore extends PaperStore {

        int idsRead;

        CountingStore(MongoTemplate mongo, DataSize writeCache) {
            super(mongo, Optional.of(CLOCK), writeCache);
        }

        @Override
        Map<String, Document> read(Collection<String> ids) {
            idsRead += ids.size();
            return super.read(ids);
        }
    }
}

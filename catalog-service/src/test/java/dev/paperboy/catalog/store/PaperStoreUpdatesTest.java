package dev.paperboy.catalog.store;

import dev.paperboy.catalog.CatalogTestSupport;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Updates of known papers write only the fields that change, and the stored document is the same as if every
 * field the newer observation knows had been written: nothing else is lost, nothing stale is kept.
 */
class PaperStoreUpdatesTest {

    private static final Instant T0 = Instant.parse("2025-12-11T08:00:00Z");
    private static final Instant STORED = Instant.parse("2025-12-11T12:00:00Z");

    @RegisterExtension
    final PrivateMongo mongo = new PrivateMongo();
    private PaperStore store;

    @BeforeEach
    void start() {
        store = new PaperStore(mongo.template("updates"),
                Optional.of(Clock.fixed(STORED, ZoneOffset.UTC)));
    }

    @Test
    void aNewerObservationOfTheSamePaperChangesOnlyItsCountsHistoryAndBookkeeping() {
        PaperEvent first = CatalogTestSupport.paper("2601.00002", 1, 10, T0);
        PaperEvent later = CatalogTestSupport.paper("2601.00002", 1, 13, T0.plusSeconds(3600));
        store.apply(List.of(first));
        Document before = store.find(first.id()).orElseThrow();

        PaperStore.ApplyResult result = store.apply(List.of(later));

        assertThat(result.written()).isEqualTo(1);
        Document after = store.find(first.id()).orElseThrow();
        assertThat(PaperFields.toEvent(after)).isEqualTo(PaperFields.truncateInstants(later));
        assertThat(after.get(PaperFields.REV)).isEqualTo(2L);
        assertThat(after.get(PaperFields.STORED_AT)).isEqualTo(Date.from(STORED));
        assertThat(after.get(PaperFields.FIRST_SEEN_AT)).isEqualTo(Date.from(T0));
        assertThat(((List<?>) after.get(PaperFields.HISTORY)).stream()
                .map(o -> ((Document) o).getInteger(PaperFields.HISTORY_UPVOTES)).toList()).containsExactly(10, 13);
        // the title, abstract, authors… were not rewritten, yet are all still there
        assertThat(after.keySet()).containsAll(before.keySet());
    }

    @Test
    void aNewerObservationFromAnotherSourceKeepsWhatItDoesNotKnow() {
        PaperEvent daily = CatalogTestSupport.paper("2601.00003", 1, 7, T0);
        store.apply(List.of(daily));
        PaperEvent arxiv = new PaperEvent(1, "arxiv-1", "2601.00003", 2, "Revised title", "Revised abstract",
                List.of("Ada Lovelace"), List.of("cs.LG"), "cs.LG", List.of(), daily.publishedAt(),
                daily.updatedAt().plusSeconds(86_400), null, null, null, null, null, null, null, List.of(),
                "10.1000/y", null, null, Source.ARXIV, T0.plusSeconds(60));

        store.apply(List.of(arxiv));

        PaperEvent stored = PaperFields.toEvent(store.find(daily.id()).orElseThrow());
        assertThat(stored.title()).isEqualTo("Revised title");
        assertThat(stored.authors()).containsExactly("Ada Lovelace");
        assertThat(stored.doi()).isEqualTo("10.1000/y");
        assertThat(stored.upvotes()).isEqualTo(7);
        assertThat(stored.githubRepo()).isEqualTo(daily.githubRepo());
        assertThat(stored.keywords()).isEqualTo(daily.keywords());
        assertThat(stored.dailyDate()).isEqualTo(daily.dailyDate());
    }

    @Test
    void theFieldsToWriteAreThoseWhoseValueDiffers() {
        Document stored = new Document("title", "Same").append("upvotes", 3).append("authors", List.of("A", "B"))
                .append(PaperFields.REV, 4L);
        Document set = new Document("title", "Same").append("upvotes", 5).append("authors", List.of("A", "B"))
                .append("doi", "10.1000/z").append(PaperFields.REV, 5L);

        assertThat(PaperStore.changedFields(stored, set)).isEqualTo(
                new Document("upvotes", 5).append("doi", "10.1000/z").append(PaperFields.REV, 5L));
    }
}

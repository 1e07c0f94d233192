package dev.paperboy.catalog.store;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A remembered state tells changed fields from unchanged ones as the stored document itself does. */
class WrittenPaperTest {

    private static final String ABSTRACT = "A long abstract. ".repeat(60);

    @Test
    void theFieldsToWriteAreThoseWhoseStoredValueDiffers() {
        Document stored = stored();
        Document set = new Document(PaperFields.TITLE, "Same title")
                .append(PaperFields.ABSTRACT, ABSTRACT.substring(0, ABSTRACT.length() - 1) + "!") // last char
                .append(PaperFields.AUTHORS, new ArrayList<>(List.of("Ada Lovelace", "Alan Turing")))
                .append(PaperFields.CATEGORIES, List.of("cs.LG", "cs.CL")) // same elements, other order
                .append(PaperFields.UPVOTES, 11)
                .append(PaperFields.VERSION, 1L) // same number, other type: written, as equals() says
                .append(PaperFields.OBSERVED_AT, new Date(3_600_000))
                .append(PaperFields.DOI, "10.1000/new")
                .append(PaperFields.HISTORY, history(10, 11))
                .append(PaperFields.STORED_AT, new Date(5_000))
                .append(PaperFields.REV, 5L);

        Document changed = new Document();
        WrittenPaper next = WrittenPaper.of(stored).after(set, changed);

        assertThat(changed).isEqualTo(PaperStore.changedFields(stored, set));
        assertThat(changed.keySet()).containsExactlyInAnyOrder(PaperFields.ABSTRACT, PaperFields.CATEGORIES,
                PaperFields.UPVOTES, PaperFields.VERSION, PaperFields.OBSERVED_AT, PaperFields.DOI,
                PaperFields.HISTORY, PaperFields.REV);
        assertThat(next.revision()).isEqualTo(5L);
        assertThat(next.guard("2601.00001")).isEqualTo(new Document(PaperFields.ID, "2601.00001")
                .append(PaperFields.REV, 5L).append(PaperFields.STORED_AT, new Date(5_000)));
        assertThat(next.history()).containsEntry(0L, 10).containsEntry(3_600_000L, 11).hasSize(2);
        assertThat(next.newest("2601.00001").observedAt()).isEqualTo(Instant.ofEpochMilli(3_600_000));
        assertThat(next.newest("2601.00001").version()).isEqualTo(1);

        // the state after the write is what the next write compares with
        Document again = new Document(set).append(PaperFields.REV, 6L);
        Document changedAgain = new Document();
        next.after(again, changedAgain);
        assertThat(changedAgain).isEqualTo(new Document(PaperFields.REV, 6L));
    }

    @Test
    void fieldsItDoesNotKnowAreAlwaysWritten() {
        Document changed = new Document();
        WrittenPaper.of(stored().append("extra", "x")).after(new Document("extra", "x"), changed);
        assertThat(changed).isEqualTo(new Document("extra", "x"));
    }

    @Test
    void aDocumentWithoutRevisionCannotBeGuardedSoIsNotRemembered() {
        Document stored = stored();
        stored.remove(PaperFields.REV);
        assertThat(WrittenPaper.of(stored)).isNull();
    }

    private static Document stored() {
        return new Document(PaperFields.ID, "2601.00001").append(PaperFields.TITLE, "Same title")
                .append(PaperFields.ABSTRACT, ABSTRACT)
                .append(PaperFields.AUTHORS, List.of("Ada Lovelace", "Alan Turing"))
                .append(PaperFields.CATEGORIES, List.of("cs.CL", "cs.LG"))
                .append(PaperFields.UPVOTES, 10)
                .append(PaperFields.VERSION, 1)
                .append(PaperFields.OBSERVED_AT, new Date(0))
                .append(PaperFields.HISTORY, history(10))
                .append(PaperFields.STORED_AT, new Date(5_000))
                .append(PaperFields.REV, 4L);
    }

    private static List<Document> history(int... upvotes) {
        List<Document> entries = new ArrayList<>();
        for (int i = 0; i < upvotes.length; i++) {
            entries.add(new Document(PaperFields.HISTORY_AT, new Date(i * 3_600_000L))
                    .append(PaperFields.HISTORY_UPVOTES, upvotes[i]));
        }
        return entries;
    }
}

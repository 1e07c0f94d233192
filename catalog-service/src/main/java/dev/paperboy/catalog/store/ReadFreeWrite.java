package dev.paperboy.catalog.store;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The write of one observation of a paper this instance knows nothing of (not in its write cache), without reading
 * the paper first: an upsert that applies only while the observation is newer than the stored one and its upvote
 * observation time is not in the stored history yet. The filter holds "newer" ({@link PaperEvent#isNewerThan}:
 * version, then updatedAt, then observedAt, a missing value lowest) and the update does what {@link PaperMerge}
 * does to a stored paper for a newer observation: {@code $set} of the fields it knows, the history entry added by
 * {@code $push} (kept sorted and bounded by {@code $sort} and {@code $slice}), {@code $min} of the first-seen time,
 * {@code $inc} of the revision; on a missing paper the upsert inserts the document the merge would insert.
 * <p>
 * When the filter does not hold (the stored observation is as new or newer: a redelivery, an older observation
 * after a newer one; or an upvote observation of the same time is stored), the upsert tries to insert a second
 * document with the paper's id and fails with a duplicate key, reported per write: the store then reads and
 * merges that paper as it does for any other. MongoDB does not retry such an upsert as an update (it does only for
 * filters of equalities on the unique key), nor does the embedded server.
 */
final class ReadFreeWrite {

    private static final String[] ORDERING = {PaperFields.VERSION, PaperFields.UPDATED_AT, PaperFields.OBSERVED_AT};
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private ReadFreeWrite() {
    }

    /** Whether these events of one paper (a batch's) can be written so: one event, ordered by at least one key. */
    static boolean applies(List<PaperEvent> events) {
        if (events.size() != 1) {
            return false; // several: which of them are newer than the stored one decides the result
        }
        PaperEvent event = events.getFirst();
        return event.version() != null || event.updatedAt() != null || event.observedAt() != null;
    }

    /**
     * The upsert of {@code event}, given {@code insert}: what {@link PaperMerge} writes for it as a new paper
     * (its fields, history, first-seen and write time, trace context, revision 1).
     */
    static UpdateOneModel<Document> of(PaperEvent event, Document insert) {
        Document filter = new Document(PaperFields.ID, event.id()).append("$or", newerThanStored(event));
        Document set = new Document();
        Document setOnInsert = new Document();
        List<?> history = List.of();
        for (Map.Entry<String, Object> field : insert.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            switch (name) {
                case PaperFields.ID, PaperFields.REV, PaperFields.FIRST_SEEN_AT -> {
                    // the filter's _id; $inc; $min below
                }
                case PaperFields.HISTORY -> history = (List<?>) value;
                default -> {
                    if (value instanceof List<?> list && list.isEmpty()) {
                        setOnInsert.put(name, value); // an update keeps what the stored paper knows
                    } else {
                        set.put(name, value);
                    }
                }
            }
        }
        Document update = new Document("$set", set).append("$inc", new Document(PaperFields.REV, 1L));
        if (history.isEmpty()) {
            setOnInsert.put(PaperFields.HISTORY, history);
        } else {
            // one event, one observation; one of that time stored already is replaced or kept by the merge
            Object at = ((Document) history.getFirst()).get(PaperFields.HISTORY_AT);
            filter.append(PaperFields.HISTORY + "." + PaperFields.HISTORY_AT, new Document("$ne", at));
            update.append("$push", new Document(PaperFields.HISTORY, new Document("$each", history)
                    .append("$sort", new Document(PaperFields.HISTORY_AT, 1))
                    .append("$slice", -PaperFields.HISTORY_LIMIT)));
        }
        if (insert.get(PaperFields.FIRST_SEEN_AT) != null) {
            update.append("$min", new Document(PaperFields.FIRST_SEEN_AT, insert.get(PaperFields.FIRST_SEEN_AT)));
        }
        if (!setOnInsert.isEmpty()) {
            update.append("$setOnInsert", setOnInsert);
        }
        return new UpdateOneModel<>(filter, update, UPSERT);
    }

    /**
     * The stored paper is older than {@code event}: for some ordering key, the stored value is lower or missing
     * while all keys before it are equal (missing on both sides counts as equal). The commonest case, a newer
     * observation of the same version, comes first.
     */
    static List<Document> newerThanStored(PaperEvent event) {
        Object[] keys = {event.version(), date(event.updatedAt()), date(event.observedAt())};
        List<Document> lower = new ArrayList<>();
        List<Document> missing = new ArrayList<>();
        Document equalBefore = new Document();
        for (int i = 0; i < ORDERING.length; i++) {
            if (keys[i] != null) {
                lower.addFirst(new Document(equalBefore).append(ORDERING[i], new Document("$lt", keys[i])));
                missing.addFirst(new Document(equalBefore).append(ORDERING[i], null));
            }
            equalBefore.append(ORDERING[i], keys[i]); // {key: null} matches a missing value too
        }
        lower.addAll(missing);
        return lower;
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}

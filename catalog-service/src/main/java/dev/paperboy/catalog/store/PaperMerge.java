package dev.paperboy.catalog.store;

import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Folds paper events into a stored document, the same whatever the batching: the newest observation wins by
 * {@link PaperEvent#isNewerThan} (what it does not know, null or empty, keeps the stored value: null means "this
 * source does not know"), older observations never regress the paper, and every observation with an upvote count
 * goes into the bounded, time-ordered upvote history (deduplicated by time, so redelivery changes nothing).
 */
final class PaperMerge {

    private PaperMerge() {
    }

    /**
     * What to write after applying {@code events} (in order) to a stored paper: the whole document for a new paper
     * ({@code current} null), else the fields to set (the newer observations' known fields, the history,
     * bookkeeping) on the document at revision {@link StoredPaper#revision}; null when nothing changes.
     */
    static Write merge(StoredPaper current, List<PaperEvent> events, Instant now) {
        return merge(current, events, now, Map.of());
    }

    /**
     * As {@link #merge(StoredPaper, List, Instant)}, also keeping the trace context ({@code traceparents}, by event
     * id) of the last event that changed the paper.
     */
    static Write merge(StoredPaper current, List<PaperEvent> events, Instant now, Map<String, String> traceparents) {
        String id = events.getFirst().id();
        String traceparent = null;
        // only the ordering keys of the stored observation matter here: the patch holds the events' own fields
        PaperEvent best = current == null ? null : current.newest(id);
        PaperEvent patch = null;
        TreeMap<Long, Integer> history = current == null ? new TreeMap<>() : current.history();
        Instant firstSeen = current == null ? null : current.firstSeen();
        boolean changed = false;
        for (PaperEvent event : events) {
            boolean changes = false;
            if (event.isNewerThan(best)) {
                best = best == null ? event : overlay(best, event);
                patch = patch == null ? event : overlay(patch, event);
                changes = true;
            }
            if (event.observedAt() != null) {
                if (firstSeen == null || event.observedAt().isBefore(firstSeen)) {
                    firstSeen = event.observedAt();
                    changes = true;
                }
                if (event.upvotes() != null && addObservation(history, event.observedAt(), event.upvotes())) {
                    changes = true;
                }
            }
            if (changes) {
                changed = true;
                traceparent = traceparents.getOrDefault(event.eventId(), traceparent);
            }
        }
        if (!changed || best == null) {
            return null;
        }
        Document fields = patch == null ? new Document(PaperFields.ID, id) : PaperFields.toDocument(patch);
        fields.entrySet().removeIf(e -> e.getValue() instanceof List<?> list && list.isEmpty() && current != null);
        List<Document> historyDocs = new ArrayList<>(history.size());
        history.forEach((at, upvotes) -> historyDocs.add(
                new Document(PaperFields.HISTORY_AT, new Date(at)).append(PaperFields.HISTORY_UPVOTES, upvotes)));
        fields.put(PaperFields.HISTORY, historyDocs);
        if (firstSeen != null) {
            fields.put(PaperFields.FIRST_SEEN_AT, Date.from(firstSeen));
        }
        fields.put(PaperFields.STORED_AT, Date.from(now));
        if (traceparent != null) {
            fields.put(PaperFields.TRACEPARENT, traceparent);
        }
        fields.put(PaperFields.REV, (current == null ? 0 : current.revision()) + 1);
        if (current == null) {
            return new Write(id, fields, null);
        }
        fields.remove(PaperFields.ID);
        return new Write(id, null, fields);
    }

    /** A decided write: {@code insert} for a new paper, else {@code set} on the paper {@code current} describes. */
    record Write(String id, Document insert, Document set) {
    }

    static long revision(Document current) {
        if (current == null) {
            return 0;
        }
        Object rev = current.get(PaperFields.REV);
        return rev instanceof Number n ? n.longValue() : 0;
    }

    /** The history of a stored document: observation time (epoch millis) to upvotes. */
    static TreeMap<Long, Integer> readHistory(Document current) {
        TreeMap<Long, Integer> history = new TreeMap<>();
        if (current != null && current.get(PaperFields.HISTORY) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Document d && d.get(PaperFields.HISTORY_AT) instanceof Date at
                        && d.get(PaperFields.HISTORY_UPVOTES) instanceof Number upvotes) {
                    history.put(at.getTime(), upvotes.intValue());
                }
            }
        }
        return history;
    }

    private static boolean addObservation(TreeMap<Long, Integer> history, Instant at, int upvotes) {
        long key = at.toEpochMilli();
        if (Objects.equals(history.get(key), upvotes)) {
            return false;
        }
        if (history.size() >= PaperFields.HISTORY_LIMIT && !history.containsKey(key) && key < history.firstKey()) {
            return false; // older than everything kept in a full history
        }
        history.put(key, upvotes);
        while (history.size() > PaperFields.HISTORY_LIMIT) {
            history.pollFirstEntry();
        }
        return true;
    }

    /** {@code newer} where it knows a value, {@code older} where it does not. */
    static PaperEvent overlay(PaperEvent older, PaperEvent newer) {
        return new PaperEvent(
                newer.schemaVersion(),
                or(newer.eventId(), older.eventId()),
                newer.id(),
                or(newer.version(), older.version()),
                or(newer.title(), older.title()),
                or(newer.abstractText(), older.abstractText()),
                newer.authors().isEmpty() ? older.authors() : newer.authors(),
                newer.categories().isEmpty() ? older.categories() : newer.categories(),
                or(newer.primaryCategory(), older.primaryCategory()),
                newer.keywords().isEmpty() ? older.keywords() : newer.keywords(),
                or(newer.publishedAt(), older.publishedAt()),
                or(newer.updatedAt(), older.updatedAt()),
                or(newer.dailyDate(), older.dailyDate()),
                or(newer.upvotes(), older.upvotes()),
                or(newer.comments(), older.comments()),
                or(newer.githubRepo(), older.githubRepo()),
                or(newer.githubStars(), older.githubStars()),
                or(newer.projectPage(), older.projectPage()),
                or(newer.organization(), older.organization()),
                newer.affiliations().isEmpty() ? older.affiliations() : newer.affiliations(),
                or(newer.doi(), older.doi()),
                or(newer.journalRef(), older.journalRef()),
                or(newer.comment(), older.comment()),
                or(newer.source(), older.source()),
                or(newer.observedAt(), older.observedAt()));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}

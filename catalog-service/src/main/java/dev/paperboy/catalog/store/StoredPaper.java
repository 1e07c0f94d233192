package dev.paperboy.catalog.store;

import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;

import java.time.Instant;
import java.util.TreeMap;

/**
 * What the merge and the conditional write need to know of a stored paper: read from MongoDB
 * ({@link #of(Document)}), or remembered from this instance's own last write ({@link WrittenPaper}).
 */
interface StoredPaper {

    /** The stored observation, at least its ordering keys (version, updatedAt, observedAt). */
    PaperEvent newest(String id);

    /** Upvote history: observation time (epoch millis) to upvotes; a fresh, modifiable copy. */
    TreeMap<Long, Integer> history();

    Instant firstSeen();

    long revision();

    /** The filter a write must match: the paper as it was when this was known, or nothing (a lost race). */
    Document guard(String id);

    static StoredPaper of(Document stored) {
        return stored == null ? null : new Read(stored);
    }

    /** A document read from MongoDB: exact. */
    record Read(Document stored) implements StoredPaper {

        @Override
        public PaperEvent newest(String id) {
            return PaperFields.toEvent(stored);
        }

        @Override
        public TreeMap<Long, Integer> history() {
            return PaperMerge.readHistory(stored);
        }

        @Override
        public Instant firstSeen() {
            return PaperFields.instant(stored, PaperFields.FIRST_SEEN_AT);
        }

        @Override
        public long revision() {
            return PaperMerge.revision(stored);
        }

        /**
         * A plain {_id, _rev} document, not Filters.and (which renders as $and), which MongoDB and the stand-in
         * server find through the _id index.
         */
        @Override
        public Document guard(String id) {
            return new Document(PaperFields.ID, id).append(PaperFields.REV, stored.get(PaperFields.REV));
        }
    }
}

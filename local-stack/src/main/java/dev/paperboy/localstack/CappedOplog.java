package dev.paperboy.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.oplog.OplogPosition;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded server's oplog ({@code local.oplog.rs}) capped as real MongoDB caps its own. mongo-java-server keeps
 * every write of every database for ever, and every change-stream poll reads (and sorts) all of it under the lock
 * writes need, so the polls of a long-running server get slower without end. Once the oplog holds more than
 * {@code maxEntries}, its oldest entries are deleted down to {@code keepEntries}.
 * <p>
 * Nothing is skipped silently: as on real MongoDB, a change stream that still needs a deleted entry fails with
 * ChangeStreamHistoryLost (286), whether it resumes from an older token or is an open cursor that fell that far
 * behind, so its client can rebuild what it derives from the stream. Writes and reads go to the library's own oplog.
 */
public final class CappedOplog implements Oplog {

    static final int HISTORY_LOST = 286;

    private final Oplog delegate;
    private final MongoCollection<?> entries;
    private final CursorRegistry cursors;
    private final int maxEntries;
    private final int keepEntries;
    /** Polls read under the read lock; a trim takes the write lock, so no poll reads half-trimmed history. */
    private final ReadWriteLock trimming = new ReentrantReadWriteLock();
    /** Oplog time and wall time of the newest deleted entry; null until something was deleted. */
    private volatile BsonTimestamp deletedUpTo;
    private volatile Instant deletedUpToWall;
    private final AtomicBoolean trimStarted = new AtomicBoolean();

    /**
     * @param delegate   the library's oplog over {@code entries}
     * @param entries    the {@code local.oplog.rs} collection
     * @param cursors    the backend's cursor registry (change-stream cursors are tracked in it)
     * @param maxEntries a trim starts when the oplog holds more entries than this
     * @param keepEntries how many of the newest entries a trim keeps
     */
    public CappedOplog(Oplog delegate, MongoCollection<?> entries, CursorRegistry cursors, int maxEntries,
                       int keepEntries) {
        if (keepEntries < 1 || keepEntries > maxEntries) {
            throw new IllegalArgumentException("need 1 <= keepEntries <= maxEntries");
        }
        this.delegate = delegate;
        this.entries = entries;
        this.cursors = cursors;
        this.maxEntries = maxEntries;
        this.keepEntries = keepEntries;
        // an oplog kept from an earlier run may have been trimmed then: what came before its oldest entry is lost
        entries.queryAllAsStream().map(CappedOplog::timestamp).min(BsonTimestamp::compareTo).ifPresent(oldest -> {
            deletedUpToWall = Instant.MIN; // before any cursor this server opens
            deletedUpTo = new BsonTimestamp(oldest.getValue() - 1);
        });
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        delegate.handleInsert(namespace, documents);
        trimIfFull();
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        delegate.handleUpdate(namespace, selector, query, modifiedIds);
        trimIfFull();
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        delegate.handleDelete(namespace, query, deletedIds);
        trimIfFull();
    }

    @Override
    public void handleDropCollection(String namespace) {
        delegate.handleDropCollection(namespace);
        trimIfFull();
    }

    @Override
    public Cursor createCursor(Document changeStreamDocument, String namespace, Aggregation aggregation) {
        OplogPosition from = requestedPosition(changeStreamDocument);
        trimming.readLock().lock();
        try {
            if (from != null && lost(from)) {
                throw historyLost();
            }
            Cursor library = delegate.createCursor(changeStreamDocument, namespace, aggregation);
            if (library.getId() == 0) {
                return library; // not kept open (an invalidated stream): nothing to track
            }
            TrackedCursor tracked = new TrackedCursor(library, from, Instant.now());
            cursors.remove(library.getId()); // the tracked cursor takes its place, under the same id
            cursors.add(tracked);
            return tracked;
        } finally {
            trimming.readLock().unlock();
        }
    }

    /** Where a change stream asks to start: after a resume token, at an operation time, or now (null). */
    private static OplogPosition requestedPosition(Document changeStream) {
        Object token = changeStream.containsKey("startAfter") ? changeStream.get("startAfter")
                : changeStream.get("resumeAfter");
        if (token instanceof Document document) {
            return OplogPosition.fromDocument(document);
        }
        if (changeStream.get("startAtOperationTime") instanceof BsonTimestamp at) {
            return new OplogPosition(at).inclusive();
        }
        return null;
    }

    private boolean lost(OplogPosition position) {
        BsonTimestamp deleted = deletedUpTo;
        return deleted != null && new OplogPosition(deleted).isAfter(position);
    }

    private static MongoServerError historyLost() {
        return new MongoServerError(HISTORY_LOST, "ChangeStreamHistoryLost",
                "the resume point is no longer in the oplog (it holds the newest entries only)");
    }

    /**
     * Starts a trim on its own thread when the oplog is full. Not in the writer's thread: a writer may hold its
     * collection's lock here, which a poll under the read lock may need (to look up an updated document).
     */
    private void trimIfFull() {
        if (entries.count() > maxEntries && trimStarted.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("oplog-trim").start(() -> {
                try {
                    trim();
                } finally {
                    trimStarted.set(false);
                }
            });
        }
    }

    private void trim() {
        trimming.writeLock().lock();
        try {
            int count = entries.count();
            if (count <= maxEntries) {
                return;
            }
            Document newestDeleted = entries.queryAllAsStream()
                    .sorted((a, b) -> timestamp(a).compareTo(timestamp(b)))
                    .skip(count - keepEntries - 1).findFirst().orElseThrow();
            BsonTimestamp cutoff = timestamp(newestDeleted);
            entries.deleteDocuments(new Document("ts", new Document("$lte", cutoff)), 0);
            deletedUpToWall = wallTime(newestDeleted);
            deletedUpTo = cutoff;
        } finally {
            trimming.writeLock().unlock();
        }
    }

    private static BsonTimestamp timestamp(Document entry) {
        return (BsonTimestamp) entry.get("ts");
    }

    private static Instant wallTime(Document entry) {
        Object wall = entry.get("wall");
        if (wall instanceof Instant instant) {
            return instant;
        }
        return wall instanceof Date date ? date.toInstant() : Instant.MAX; // unknown: every cursor counts as behind
    }

    /**
     * The library's change-stream cursor, which fails with ChangeStreamHistoryLost instead of reading on when a trim
     * deleted entries it had not read yet. It knows its position from the events it returned; before its first
     * event, from where it was asked to start or, if "now", from when it was opened.
     */
    private final class TrackedCursor extends AbstractCursor {

        private final Cursor library;
        private final Instant opened;
        private OplogPosition position;

        TrackedCursor(Cursor library, OplogPosition from, Instant opened) {
            super(library.getId());
            this.library = library;
            this.position = from;
            this.opened = opened;
        }

        @Override
        public boolean isEmpty() {
            return library.isEmpty();
        }

        @Override
        public synchronized List<Document> takeDocuments(int count) {
            trimming.readLock().lock();
            try {
                if (behind()) {
                    cursors.remove(getId());
                    throw historyLost();
                }
                List<Document> events = library.takeDocuments(count);
                if (!events.isEmpty() && events.get(events.size() - 1).get("_id") instanceof Document token) {
                    position = OplogPosition.fromDocument(token);
                }
                return events;
            } finally {
                trimming.readLock().unlock();
            }
        }

        private boolean behind() {
            if (deletedUpTo == null) {
                return false;
            }
            if (position != null) {
                return lost(position);
            }
            // opened at "now" and no event read since: behind if anything written after that was deleted
            return !deletedUpToWall.isBefore(opened);
        }
    }
}

package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory backend's collection, answering reads with copies taken while the collection's lock is held. The
 * library updates stored documents in place and hands out the stored documents themselves, which are encoded into
 * the reply after the lock is released: a read racing an update could return some of the update's fields and not
 * others (seen as a lost upvote observation in the catalog's concurrency test). MongoDB never returns a document
 * half updated. The H2 backend reads copies from its file and needs none of this.
 * <p>
 * A copy of the top level is enough: an update changes a stored document only by putting and removing its
 * top-level fields, each new value a deep copy made for the update (the library's {@code updateDocument}), so the
 * values a copy shares with the stored document are never changed afterwards. Copying every nested document and
 * array as well had been a seventh of the server's CPU in the notify benchmark.
 */
final class SnapshotReadsCollection extends CountedSizeMemoryCollection {


    SnapshotReadsCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
        super(database, name, options, cursors);
    }

    /**
     * Whether a query runs for findAndModify or deleteDocuments, which change the documents it returns: those must
     * be the stored ones. Guarded by this collection's lock, which both hold throughout.
     */
    private boolean modifying;

    /** A client's find (and the library's own reads): the first batch copied before the lock is released. */
    @Override
    public synchronized QueryResult handleQuery(QueryParameters parameters) {
        QueryResult result = super.handleQuery(parameters);
        if (modifying) {
            return result;
        }
        List<Document> copies = new ArrayList<>();
        for (Document document : result) {
            copies.add(document.clone());
        }
        return new QueryResult(copies, result.getCursorId());
    }

    /**
     * A cursor's later batches are taken outside the lock (getMore): they are copied under it then; a getMore
     * without a batch size takes what fits in 16 MiB ({@link FindBatches}).
     */
    @Override
    protected Cursor createCursor(List<Document> remaining) {
        Cursor cursor = new FindBatches.PagedCursor(cursors.generateCursorId(), remaining) {
            @Override
            public List<Document> takeDocuments(int count) {
                synchronized (SnapshotReadsCollection.this) {
                    return super.takeDocuments(count).stream().map(Document::clone).toList();
                }
            }
        };
        cursors.add(cursor);
        return cursor;
    }

    /** The returned document (before or after the change) is the stored one: copied before the lock is released. */
    @Override
    public synchronized Document findAndModify(Document query) {
        Document result;
        modifying = true;
        try {
            result = super.findAndModify(query);
        } finally {
            modifying = false;
        }
        if (result.get("value") instanceof Document value) {
            result.put("value", value.clone());
        }
        return result;
    }

    /**
     * Updates that only set and unset unindexed top-level fields to immutable values are applied to the stored
     * documents directly ({@link TopLevelFieldUpdate}); the oplog is told what the library would tell it, and the
     * reply counts what it would count. A new value is never a document or array, so what a read copied earlier
     * (its top level) still shares nothing that changes. Any other update is the library's.
     */
    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
            boolean multi, boolean upsert, Oplog oplog) {
        TopLevelFieldUpdate plain = upsert || !arrayFilters.isEmpty() ? null : TopLevelFieldUpdate.of(update,
                getIndexes());
        if (plain == null) {
            return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
        }
        int matched = 0;
        List<Object> modified = new ArrayList<>();
        for (Document document : queryDocuments(selector, null, 0, 0, 0, null)) {
            matched++;
            if (plain.applyTo(document)) {
                modified.add(document.get(getIdField()));
            }
            if (!multi) {
                break;
            }
        }
        oplog.handleUpdate(getFullName(), selector, update, modified);
        Document result = new Document("n", matched);
        result.put("nModified", modified.size());
        return result;
    }

    @Override
    public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
        modifying = true;
        try {
            return super.deleteDocuments(selector, limit, oplog);
        } finally {
            modifying = false;
        }
    }
}

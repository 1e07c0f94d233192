package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * The memory backend's collection (every one of it, the oplog's too) with its data size counted when asked for
 * ({@link DataSizes}), not on every write, and a find's later batches in MongoDB's sizes ({@link FindBatches}).
 */
abstract class CountedSizeMemoryCollection extends MemoryCollection {

    protected final CursorRegistry cursors;

    CountedSizeMemoryCollection(MongoDatabase database, String name, CollectionOptions options,
            CursorRegistry cursors) {
        super(database, name, options, cursors);
        this.cursors = cursors;
    }

    /**
     * Later batches of a find: a getMore without a batch size takes what fits in 16 MiB. Every collection of the
     * backend needs it, as the backend gives every find without a batch size MongoDB's first batch (the library's
     * own cursor refuses such a getMore).
     */
    @Override
    protected Cursor createCursor(List<Document> remaining) {
        return FindBatches.registeredCursor(cursors, remaining);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected synchronized int getDataSize() {
        return DataSizes.total(streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument));
    }
}

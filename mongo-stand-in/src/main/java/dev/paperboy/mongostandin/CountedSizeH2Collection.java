package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;

/** The H2 backend's collection with its data size counted when asked for ({@link DataSizes}), not on every write. */
final class CountedSizeH2Collection extends H2Collection {

    /**
     * False while the library's constructor runs: it logs the data size (at debug level, but the argument is
     * computed anyway), and counting then would read the whole collection each time the server opens it.
     */
    private final boolean opened;
    private final CursorRegistry cursors;

    CountedSizeH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
        super(database, collectionName, options, dataMap, metaMap, cursors);
        this.cursors = cursors;
        this.opened = true;
    }

    /** Later batches of a find: a getMore without a batch size takes what fits in 16 MiB ({@link FindBatches}). */
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
        if (!opened) {
            return 0;
        }
        return DataSizes.total(streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument));
    }
}

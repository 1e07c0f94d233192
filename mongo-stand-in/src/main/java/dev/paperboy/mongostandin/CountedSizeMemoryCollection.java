package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;

/** The memory backend's collection with its data size counted when asked for ({@link DataSizes}), not on every write. */
abstract class CountedSizeMemoryCollection extends MemoryCollection {

    CountedSizeMemoryCollection(MongoDatabase database, String name, CollectionOptions options,
            CursorRegistry cursors) {
        super(database, name, options, cursors);
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

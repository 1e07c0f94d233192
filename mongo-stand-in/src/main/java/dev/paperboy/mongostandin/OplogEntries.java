package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.bson.Document;

import java.util.stream.Stream;

/**
 * The memory backend's {@code local.oplog.rs}. Every change-stream poll reads the whole oplog (the library filters it
 * by position afterwards); an entry is inserted whole and never updated, so this read hands out the stored entries
 * themselves, without the copies other collections' reads take ({@link SnapshotReadsCollection}) and without running
 * an empty query over each: at 20k entries an empty poll took ~57 ms with copies, ~10 ms without. Its data
 * size is counted when asked for, as other collections' are ({@link CountedSizeMemoryCollection}).
 */
final class OplogEntries extends CountedSizeMemoryCollection {

    OplogEntries(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
        super(database, name, options, cursors);
    }

    static boolean isOplog(String databaseName, String collectionName) {
        return "local".equals(databaseName) && "oplog.rs".equals(collectionName);
    }

    /** The entries as they are now: taken under the lock writes hold, read after it. */
    @Override
    public synchronized Stream<Document> queryAllAsStream() {
        return streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument).toList().stream();
    }
}

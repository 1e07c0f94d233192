package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

import java.util.List;

/**
 * mongo-java-server's in-memory backend, with filters on {@code _id} planned on the _id index ({@link IdFirstPlan})
 * unique indexes left alone by updates that do not change their fields ({@link KeyChangeAwareIndex}), and reads
 * answered with copies, never a document half updated ({@link SnapshotReadsCollection}).
 */
public class StandInMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new SnapshotReadsCollection(this, collectionName, options, getCursorRegistry());
            }

            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
                    List<IndexKey> keys, boolean sparse) {
                return StandInIndexes.opened(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse),
                        keys, sparse, resolveCollection(collectionName, false));
            }

            @Override
            protected void dropIndex(MongoCollection<Integer> collection, String indexName) {
                super.dropIndex(collection, indexName);
                StandInIndexes.dropped(collection, indexName);
            }
        };
    }
}

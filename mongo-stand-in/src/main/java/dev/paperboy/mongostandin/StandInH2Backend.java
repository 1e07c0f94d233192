package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;

/**
 * mongo-java-server's H2 (MVStore file) backend, with filters on {@code _id} planned on the _id index
 * ({@link IdFirstPlan}) and unique indexes left alone by updates that do not change their fields
 * ({@link KeyChangeAwareIndex}); collections reopened from the file get both too.
 */
public class StandInH2Backend extends H2Backend {

    public StandInH2Backend(String fileName) {
        super(fileName);
    }

    /** Change-stream update lookups by {@code _id} ({@link IdLookupOplog}), not by a scan of the collection. */
    @Override
    protected Oplog createOplog() {
        return new IdLookupOplog(super.createOplog(), this, getCursorRegistry());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName,
                    List<IndexKey> keys, boolean sparse) {
                return StandInIndexes.opened(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse),
                        keys, sparse, resolveCollection(collectionName, false));
            }

            @Override
            protected void dropIndex(MongoCollection<Object> collection, String indexName) {
                super.dropIndex(collection, indexName);
                StandInIndexes.dropped(collection, indexName);
            }
        };
    }
}

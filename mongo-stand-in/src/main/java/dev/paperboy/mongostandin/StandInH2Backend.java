package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.List;
import java.util.Set;

/**
 * mongo-java-server's H2 (MVStore file) backend, with filters on {@code _id} planned on the _id index
 * ({@link IdFirstPlan}) and unique indexes left alone by updates that do not change their fields
 * ({@link KeyChangeAwareIndex}); collections reopened from the file get both too. Data sizes are counted when a
 * client asks for them ({@link DataSizes}), and the oplog, once enabled, holds the databases someone watches
 * ({@link WatchedDatabasesOplog}), whose change streams look updated documents up by {@code _id}
 * ({@link IdLookupOplog}).
 */
public class StandInH2Backend extends H2Backend {

    private final Set<String> unwatchedDatabases;

    /** Every database's writes go to the oplog once it is enabled. */
    public StandInH2Backend(String fileName) {
        this(fileName, Set.of());
    }

    /**
     * @param unwatchedDatabases databases whose writes stay out of the oplog (once enabled) and on which a change
     *                           stream fails ({@link WatchedDatabasesOplog})
     */
    public StandInH2Backend(String fileName, Set<String> unwatchedDatabases) {
        super(fileName);
        this.unwatchedDatabases = Set.copyOf(unwatchedDatabases);
    }

    @Override
    protected Oplog createOplog() {
        // unwatched databases' writes are dropped first, before the lookup oplog prepares their entries
        return WatchedDatabasesOplog.of(new IdLookupOplog(super.createOplog(), this, getCursorRegistry()),
                unwatchedDatabases);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
            /** The library's collection (same maps in the file), with its data size counted when asked for. */
            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName,
                    CollectionOptions options) {
                String fullName = getFullCollectionNamespace(collectionName);
                return new CountedSizeH2Collection(this, collectionName, options,
                        getMvStore().openMap("databases." + fullName), getMvStore().openMap("meta." + fullName),
                        getCursorRegistry());
            }

            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName,
                    List<IndexKey> keys, boolean sparse) {
                return StandInIndexes.opened(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse),
                        keys, sparse, resolveCollection(collectionName, false));
            }

            /** A find without a batch size is answered in MongoDB's batches ({@link FindBatches}). */
            @Override
            public Document handleCommand(Channel channel, String command, Document query,
                    DatabaseResolver databaseResolver, Oplog oplog) {
                return super.handleCommand(channel, command, FindBatches.withDefaultBatchSize(command, query),
                        databaseResolver, oplog);
            }

            @Override
            protected void dropIndex(MongoCollection<Object> collection, String indexName) {
                super.dropIndex(collection, indexName);
                StandInIndexes.dropped(collection, indexName);
            }
        };
    }
}

package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.List;
import java.util.Set;

/**
 * mongo-java-server's in-memory backend, with filters on {@code _id} planned on the _id index ({@link IdFirstPlan})
 * unique indexes left alone by updates that do not change their fields ({@link KeyChangeAwareIndex}), reads
 * answered with copies, never a document half updated ({@link SnapshotReadsCollection}), but the oplog's, whose
 * entries are never updated ({@link OplogEntries}), data sizes counted when asked for ({@link DataSizes}), and an
 * oplog, once enabled, for the databases someone watches ({@link WatchedDatabasesOplog}), whose change streams look
 * updated documents up by {@code _id} ({@link IdLookupOplog}).
 */
public class StandInMemoryBackend extends MemoryBackend {

    private final Set<String> unwatchedDatabases;

    /** Every database's writes go to the oplog once it is enabled. */
    public StandInMemoryBackend() {
        this(Set.of());
    }

    /**
     * @param unwatchedDatabases databases whose writes stay out of the oplog (once enabled) and on which a change
     *                           stream fails ({@link WatchedDatabasesOplog})
     */
    public StandInMemoryBackend(Set<String> unwatchedDatabases) {
        this.unwatchedDatabases = Set.copyOf(unwatchedDatabases);
    }

    @Override
    protected Oplog createOplog() {
        // unwatched databases' writes are dropped first, before the lookup oplog prepares their entries
        return WatchedDatabasesOplog.of(new IdLookupOplog(super.createOplog(), this, getCursorRegistry()),
                unwatchedDatabases);
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                if (OplogEntries.isOplog(databaseName, collectionName)) {
                    return new OplogEntries(this, collectionName, options, getCursorRegistry());
                }
                return new SnapshotReadsCollection(this, collectionName, options, getCursorRegistry());
            }

            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
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
            protected void dropIndex(MongoCollection<Integer> collection, String indexName) {
                super.dropIndex(collection, indexName);
                StandInIndexes.dropped(collection, indexName);
            }
        };
    }
}

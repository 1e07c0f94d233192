package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;
import java.util.Set;

/**
 * The server's oplog, written for the databases whose changes someone can watch and for no others. The library
 * copies every inserted document, and records every update and delete, into {@code local.oplog.rs} whether or not
 * any change stream will read it: in a server shared by several services (the local stack), the writes of those
 * that watch nothing (ingest, notify) cost as much again. A change stream opened on an unwatched database fails
 * with the error a MongoDB without an oplog gives (40573), never with a stream that silently stays empty.
 */
final class WatchedDatabasesOplog implements Oplog {

    static final int CHANGE_STREAM_NOT_ENABLED = 40573;

    private final Oplog library;
    private final Set<String> unwatchedDatabases;

    private WatchedDatabasesOplog(Oplog library, Set<String> unwatchedDatabases) {
        this.library = library;
        this.unwatchedDatabases = unwatchedDatabases;
    }

    /** {@code library} as it is when every database is watched, else one that leaves the unwatched ones out. */
    static Oplog of(Oplog library, Set<String> unwatchedDatabases) {
        return unwatchedDatabases.isEmpty() ? library
                : new WatchedDatabasesOplog(library, Set.copyOf(unwatchedDatabases));
    }

    private boolean watched(String namespace) {
        int dot = namespace.indexOf('.');
        return !unwatchedDatabases.contains(dot < 0 ? namespace : namespace.substring(0, dot));
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        if (watched(namespace)) {
            library.handleInsert(namespace, documents);
        }
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        if (watched(namespace)) {
            library.handleUpdate(namespace, selector, query, modifiedIds);
        }
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        if (watched(namespace)) {
            library.handleDelete(namespace, query, deletedIds);
        }
    }

    @Override
    public void handleDropCollection(String namespace) {
        if (watched(namespace)) {
            library.handleDropCollection(namespace);
        }
    }

    @Override
    public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        if (!watched(namespace)) {
            throw new MongoServerError(CHANGE_STREAM_NOT_ENABLED, "Location40573", "The $changeStream stage is not "
                    + "available on " + namespace + ": this server keeps no oplog of its database");
        }
        return library.createCursor(changeStream, namespace, aggregation);
    }
}

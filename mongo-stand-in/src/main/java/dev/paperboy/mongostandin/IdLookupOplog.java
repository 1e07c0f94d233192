package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;

/**
 * The library's oplog, with a change stream's {@code fullDocument: "updateLookup"} answered by one read by
 * {@code _id}. The library looks up the document of every update event by scanning its whole collection (with the
 * memory backend, copying every document of it; with H2, decoding every one), and takes the collection's name only
 * up to the first dot. As on MongoDB, an update event of a document since deleted carries no full document (the
 * library put the update's {@code $set} fields there instead).
 * <p>
 * Only streams with no stages after {@code $changeStream} are answered here: a later stage (a {@code $match} on
 * {@code fullDocument}, say) must see the looked-up document, so such streams keep the library's lookup.
 */
final class IdLookupOplog implements Oplog {

    private static final String FULL_DOCUMENT = "fullDocument";
    private static final String UPDATE_LOOKUP = "updateLookup";

    private final Oplog delegate;
    private final MongoBackend backend;
    private final CursorRegistry cursors;

    IdLookupOplog(Oplog delegate, MongoBackend backend, CursorRegistry cursors) {
        this.delegate = delegate;
        this.backend = backend;
        this.cursors = cursors;
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        delegate.handleInsert(namespace, documents);
    }

    /**
     * One entry per changed document, as the library writes them, each with the document's {@code _id} beside the
     * update in {@code o}: the library reports {@code o} as an update event's {@code documentKey}, which MongoDB
     * gives as {@code {_id}}, and where the {@code _id} is read back to look the document up.
     */
    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        for (Object id : modifiedIds) {
            Document withId = query.clone();
            withId.put("_id", id);
            delegate.handleUpdate(namespace, selector, withId, List.of(id));
        }
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        delegate.handleDelete(namespace, query, deletedIds);
    }

    @Override
    public void handleDropCollection(String namespace) {
        delegate.handleDropCollection(namespace);
    }

    @Override
    public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        int dot = namespace.indexOf('.');
        if (!UPDATE_LOOKUP.equals(changeStream.get(FULL_DOCUMENT)) || !aggregation.getStages().isEmpty()
                || dot < 0 || namespace.endsWith(".$cmd")) {
            return delegate.createCursor(changeStream, namespace, aggregation);
        }
        Document withoutLookup = changeStream.clone();
        withoutLookup.remove(FULL_DOCUMENT);
        Cursor library = delegate.createCursor(withoutLookup, namespace, aggregation);
        if (library.getId() == 0) {
            return library; // not kept open (an invalidated stream)
        }
        Cursor lookingUp = new LookupCursor(library, namespace.substring(0, dot), namespace.substring(dot + 1));
        cursors.remove(library.getId()); // takes the library cursor's place, under the same id
        cursors.add(lookingUp);
        return lookingUp;
    }

    /** The library's change-stream cursor, each update event completed with the document as it is now. */
    private final class LookupCursor extends AbstractCursor {

        private final Cursor library;
        private final String database;
        private final String collection;

        LookupCursor(Cursor library, String database, String collection) {
            super(library.getId());
            this.library = library;
            this.database = database;
            this.collection = collection;
        }

        @Override
        public boolean isEmpty() {
            return library.isEmpty();
        }

        @Override
        public List<Document> takeDocuments(int count) {
            List<Document> events = library.takeDocuments(count);
            for (Document event : events) {
                if ("update".equals(event.get("operationType")) && event.get("documentKey") instanceof Document key) {
                    Object id = key.get("_id");
                    event.put("documentKey", new Document("_id", id));
                    event.put(FULL_DOCUMENT, current(id));
                }
            }
            return events;
        }

        private Document current(Object id) {
            MongoCollection<?> documents = backend.resolveDatabase(database).resolveCollection(collection, false);
            if (documents == null) {
                return null;
            }
            // a query on _id alone is answered from the _id index, and read as any find is (a copy, with the memory
            // backend, taken under the collection's lock)
            List<Document> found = documents.handleQuery(new QueryParameters(new Document("_id", id), 0, 1))
                    .collectDocuments();
            return found.isEmpty() ? null : found.get(0);
        }
    }
}

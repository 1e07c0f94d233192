package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * A query plan, not an index of its own: a filter with a condition on {@code _id} next to other conditions is
 * answered from the collection's {@code _id} index, and the server then matches the whole filter against those
 * documents only. MongoDB plans such filters this way; mongo-java-server uses an index only when the filter's
 * keys equal the index's keys, so {@code {_id, _rev}} (the catalog's conditional write) scanned every document.
 * <p>
 * It holds no keys: its write hooks change nothing and it is never listed (listIndexes reads the server's index
 * catalogue, where this plan is not recorded), so it cannot drift from the data.
 */
final class IdFirstPlan<P> extends Index<P> {

    static final String NAME = "_id_first_plan_";

    private final Index<P> idIndex;

    private static final String ID = "_id";
    private static final String AND = "$and";

    IdFirstPlan(Index<P> idIndex) {
        super(NAME, List.of(new IndexKey(ID, true)), false);
        this.idIndex = idIndex;
    }

    @Override
    public boolean canHandle(Document query) {
        Document id = idCondition(query);
        return id != null && idIndex.canHandle(id);
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return idIndex.getPositions(idCondition(query));
    }

    /**
     * The filter's condition on {@code _id} alone: a top-level one beside others, or one clause of a top-level
     * {@code $and} (the driver's {@code Filters.and} renders so); null when there is none, or when {@code _id} is
     * the only key (the _id index answers that itself).
     */
    private static Document idCondition(Document query) {
        if (query.size() > 1 && query.containsKey(ID)) {
            return new Document(ID, query.get(ID));
        }
        if (query.get(AND) instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document document && document.size() == 1 && document.containsKey(ID)) {
                    return document;
                }
            }
        }
        return null;
    }

    /** Not empty whenever the _id index is not, so adding it to a reopened collection reads no document. */
    @Override
    public long getCount() {
        return idIndex.getCount();
    }

    /** The _id index's answer: the server asks every index and expects them to agree. */
    @Override
    public P getPosition(Document document) {
        return idIndex.getPosition(document);
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
    }

    /**
     * The document's position, still in the _id index (the plan is consulted before it): the server expects a
     * position from every index it removes a document from. The _id index removes its own entry.
     */
    @Override
    public P remove(Document document) {
        return idIndex.getPosition(document);
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
    }

    @Override
    public void drop() {
    }
}

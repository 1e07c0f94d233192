package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

import java.util.List;
import java.util.Objects;

/**
 * A unique index that an update leaves alone when the update did not touch the indexed fields, as MongoDB's
 * indexes do. mongo-java-server works out both documents' index keys four times per index on every update just
 * to find them equal (twice to check, twice to maintain), which made the update of one field of a document with a
 * multikey unique index (notify's ledger, its pairs) cost several times the field's own write. When every indexed
 * field is a top-level field with an equal value before and after, the keys are equal and there is nothing to
 * check or change; otherwise the library's index decides, as before.
 */
final class KeyChangeAwareIndex<P> extends Index<P> {

    private final Index<P> library;
    private final List<String> fields;
    private final boolean topLevelFieldsOnly;
    private final boolean positionFromIdIndex;

    /**
     * @param positionFromIdIndex whether the collection's {@code _id} index answers where a document is, so this
     *                            index need not ({@link #getPosition})
     */
    KeyChangeAwareIndex(Index<P> library, List<IndexKey> keys, boolean sparse, boolean positionFromIdIndex) {
        super(library.getName(), keys, sparse);
        this.library = library;
        this.positionFromIdIndex = positionFromIdIndex;
        this.fields = keys.stream().map(IndexKey::getKey).toList();
        this.topLevelFieldsOnly = fields.stream().noneMatch(field -> field.indexOf('.') >= 0);
    }

    private boolean keysUnchanged(Document before, Document after) {
        if (!topLevelFieldsOnly) {
            return false;
        }
        for (String field : fields) {
            if (before.containsKey(field) != after.containsKey(field)
                    || !Objects.equals(before.get(field), after.get(field))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        if (!keysUnchanged(oldDocument, newDocument)) {
            library.checkUpdate(oldDocument, newDocument, collection);
        }
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        if (!keysUnchanged(oldDocument, newDocument)) {
            library.updateInPlace(oldDocument, newDocument, position, collection);
        }
    }

    /**
     * Where a document is stored: the server asks every index before it updates a document, only to check that they
     * agree, and a multikey index works out every key of the document for that (the ledger's pairs: a tenth of the
     * server's CPU in the notify benchmark). When the {@code _id} index answers, this one answers nothing, as a
     * sparse index does for a document without its fields; {@link #remove} still finds the position by the keys.
     */
    @Override
    public P getPosition(Document document) {
        return positionFromIdIndex ? null : library.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        library.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        library.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return library.remove(document);
    }

    @Override
    public boolean canHandle(Document query) {
        return library.canHandle(query);
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return library.getPositions(query);
    }

    @Override
    public long getCount() {
        return library.getCount();
    }

    @Override
    public long getDataSize() {
        return library.getDataSize();
    }

    @Override
    public void drop() {
        library.drop();
    }

    @Override
    public boolean isUnique() {
        return library.isUnique();
    }
}

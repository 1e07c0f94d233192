package dev.paperboy.catalog.search;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

/** One change-stream event applied to the search index: upsert the full document, or delete by id. Idempotent. */
final class ChangeApplier {

    private ChangeApplier() {
    }

    /** Applies {@code change} to {@code index}; true when the stream is over (collection dropped or renamed). */
    static boolean apply(SearchIndex index, ChangeStreamDocument<Document> change) {
        OperationType type = change.getOperationType();
        switch (type) {
            case INSERT, UPDATE, REPLACE -> {
                Document full = change.getFullDocument();
                org.apache.lucene.document.Document doc = full == null ? null : PaperDocuments.toLucene(full);
                if (doc != null) {
                    index.upsert(doc);
                } else {
                    String id = documentId(change);
                    if (id != null) {
                        index.delete(id);
                    }
                }
                return false;
            }
            case DELETE -> {
                String id = documentId(change);
                if (id != null) {
                    index.delete(id);
                }
                return false;
            }
            case DROP, RENAME, DROP_DATABASE, INVALIDATE -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static String documentId(ChangeStreamDocument<Document> change) {
        BsonDocument key = change.getDocumentKey();
        BsonValue id = key == null ? null : key.get("_id");
        if (id == null) {
            return null;
        }
        return id.isString() ? id.asString().getValue() : id.toString();
    }
}

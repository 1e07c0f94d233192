package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;

import java.util.List;

/**
 * What both stand-in databases do with each unique index they open: wrap it ({@link KeyChangeAwareIndex}) and,
 * for a collection's {@code _id} index, attach an {@link IdFirstPlan} beside it, detached with it (a collection is
 * dropped only once it has no index left).
 */
final class StandInIndexes {

    private StandInIndexes() {
    }

    /**
     * Called with each unique index as the database opens or creates it, before the database adds what this
     * returns to the collection; for the {@code _id} index, the plan goes in first and is consulted first.
     */
    static <P> Index<P> opened(Index<P> library, List<IndexKey> keys, boolean sparse, MongoCollection<P> collection) {
        boolean idIndex = keys.size() == 1 && "_id".equals(keys.getFirst().getKey());
        boolean idIndexPresent = collection != null
                && collection.getIndexes().stream().anyMatch(index -> ID_INDEX.equals(index.getName()));
        Index<P> index = new KeyChangeAwareIndex<>(library, keys, sparse, !idIndex && idIndexPresent);
        if (collection != null && idIndex) {
            collection.addIndex(new IdFirstPlan<>(index));
        }
        return index;
    }

    /** Called after the database dropped index {@code indexName} of {@code collection}. */
    static void dropped(MongoCollection<?> collection, String indexName) {
        if (ID_INDEX.equals(indexName)) {
            collection.dropIndex(IdFirstPlan.NAME);
        }
    }

    private static final String ID_INDEX = "_id_";
}

package dev.paperboy.catalog.search;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.bson.Document;

import java.util.function.BooleanSupplier;

/**
 * One full scan of the papers collection into the index, for a (re)build. Documents are replaced in place and the
 * ones the scan did not write are deleted only once it has read the whole collection, so searchers keep seeing the
 * whole (if stale) catalog while it runs. A scan stopped before the end deletes nothing and reports itself
 * incomplete: the caller must not commit a resume token for it.
 */
final class RebuildScan {

    /** Marks the documents written by one scan, so that the ones it did not write can be deleted after it. */
    static final String GENERATION = "_rebuildGeneration";

    /** What a scan did: papers indexed, and whether it read the whole collection. */
    record Result(long indexed, boolean complete) {
    }

    private final MongoCollection<Document> papers;
    private final SearchIndex index;

    RebuildScan(MongoCollection<Document> papers, SearchIndex index) {
        this.papers = papers;
        this.index = index;
    }

    /**
     * Indexes every paper of the collection under a fresh generation mark, checking {@code keepGoing} before each;
     * when it read them all, deletes what the collection no longer has.
     */
    Result run(String generation, BooleanSupplier keepGoing) {
        boolean complete = true;
        long count;
        // the cursor thread decodes BSON while the loader's threads analyze and index
        try (MongoCursor<Document> all = papers.find().batchSize(1000).iterator();
             IndexLoader<Document> loader = new IndexLoader<>(index, paper -> {
                 org.apache.lucene.document.Document doc = PaperDocuments.toLucene(paper);
                 if (doc != null) {
                     doc.add(new StringField(GENERATION, generation, Field.Store.NO));
                 }
                 return doc;
             }, IndexLoader.defaultThreads())) {
            while (all.hasNext()) {
                if (!keepGoing.getAsBoolean()) {
                    complete = false;
                    break;
                }
                loader.add(all.next());
            }
            count = loader.finish();
        }
        if (complete) {
            index.deleteAllExcept(GENERATION, generation);
        }
        return new Result(count, complete);
    }
}

package dev.paperboy.catalog.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The indexes real MongoDB needs for what still queries the store (the embedded server accepts and ignores
 * non-unique ones): by-id reads use {@code _id}; the trending job selects recent papers by {@code dailyDate} and
 * {@code publishedAt}; index catch-up scans follow {@code storedAt}. Conditional writes filter on
 * {@code {_id, _rev}}, which MongoDB answers from the {@code _id} index (and so does the stand-in server the tests and
 * the local stack run, see the mongo-stand-in module). Created at startup, idempotently.
 */
@Component
public class CatalogIndexes implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogIndexes.class);

    private final MongoTemplate mongo;

    CatalogIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Creates the indexes of the {@code papers} collection (idempotent). */
    public static void create(MongoCollection<Document> papers) {
        papers.createIndex(Indexes.descending(PaperFields.DAILY_DATE), new IndexOptions().name("dailyDate_-1"));
        papers.createIndex(Indexes.descending(PaperFields.PUBLISHED_AT), new IndexOptions().name("publishedAt_-1"));
        papers.createIndex(Indexes.ascending(PaperFields.STORED_AT), new IndexOptions().name("storedAt_1"));
        // Earlier versions created a unique {_id, _rev} index for the plain embedded server's planner; its key
        // changed on every write, which cost each update 25-45 % on that server and index upkeep on MongoDB.
        for (Document index : papers.listIndexes()) {
            if (RETIRED_REV_INDEX.equals(index.getString("name"))) {
                papers.dropIndex(RETIRED_REV_INDEX);
            }
        }
    }

    static final String RETIRED_REV_INDEX = "_id_1__rev_1";

    @Override
    public void run(ApplicationArguments args) {
        try {
            create(mongo.getCollection(PaperFields.COLLECTION));
        } catch (RuntimeException e) {
            log.warn("Could not create the catalog indexes now (MongoDB unreachable?): {}", e.toString());
        }
    }
}

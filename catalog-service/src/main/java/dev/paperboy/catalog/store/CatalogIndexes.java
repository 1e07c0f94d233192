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
 * {@code publishedAt}; index catch-up scans follow {@code storedAt}; conditional writes filter on
 * {@code {_id, _rev}}. Created at startup, idempotently.
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
        // The conditional replacement's filter {_id, _rev}: real MongoDB answers it from the _id index alone; the
        // embedded Mongo-wire server only uses an index whose keys equal the filter's, and would scan the whole
        // collection for every write without this one (trivially unique, as _id is).
        papers.createIndex(Indexes.ascending(PaperFields.ID, PaperFields.REV),
                new IndexOptions().name("_id_1__rev_1").unique(true));
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            create(mongo.getCollection(PaperFields.COLLECTION));
        } catch (RuntimeException e) {
            log.warn("Could not create the catalog indexes now (MongoDB unreachable?): {}", e.toString());
        }
    }
}

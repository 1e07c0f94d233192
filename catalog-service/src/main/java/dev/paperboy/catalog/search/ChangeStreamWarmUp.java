package dev.paperboy.catalog.search;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import dev.paperboy.catalog.store.PaperFields;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The change-stream half of the start-up warm-up: the warm-up's papers are written to a throwaway collection the
 * way the store writes papers (a read of the batch's ids, an unordered bulk of inserts, then
 * updates), read back from a change stream opened as the feeder opens its own ({@link MongoIndexFeeder#watch}) and
 * applied to the warm-up's throwaway index by the feeder's {@link ChangeApplier}. A just-started catalog otherwise
 * decodes its first change events, looks up its first updated documents and runs its first bulk writes while the
 * first real papers wait (and so does the server, whose change-stream code is as cold as the catalog's).
 * <p>
 * The collection lives in a database of its own ({@link #databaseName}), not in the catalog's: the stand-in server
 * sends the drop of any collection of a database to every change stream on that database, and the feeder rebuilds
 * its index on a drop. It is named {@value #PREFIX}{@code <start millis>-<random>}, so instances starting together
 * never share one, and is dropped on {@link #close()} (with the database once it is empty); one left by a crash in
 * the middle of a warm-up is dropped by a later start once it is older than {@link #LEFTOVER_AGE}. Nothing is
 * written to the catalog's database.
 */
final class ChangeStreamWarmUp implements AutoCloseable {

    /** No dots after it: the stand-in server's update lookup takes the collection name up to the first dot. */
    static final String PREFIX = "searchWarmUp-";
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(ChangeStreamWarmUp.class);

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes;

    private ChangeStreamWarmUp(MongoDatabase database, MongoCollection<Document> collection, Duration pollWait) {
        this.database = database;
        this.collection = collection;
        this.changes = MongoIndexFeeder.watch(collection, pollWait).cursor();
    }

    /** The warm-up's database beside the catalog's database {@code catalogDatabase}. */
    static String databaseName(String catalogDatabase) {
        return catalogDatabase + "-search-warm-up";
    }

    /**
     * Opens a change stream on a new throwaway collection of {@code database} (see {@link #databaseName}), first
     * dropping old leftovers.
     */
    static ChangeStreamWarmUp open(MongoDatabase database, Duration pollWait) {
        dropLeftovers(database, System.currentTimeMillis());
        String name = PREFIX + System.currentTimeMillis() + "-" + Long.toString(
                ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        return new ChangeStreamWarmUp(database, database.getCollection(name), pollWait);
    }

    String collectionName() {
        return collection.getNamespace().getCollectionName();
    }

    /** What one round applied, and whether that was every event its writes caused. */
    record Round(int applied, boolean complete) {
    }

    /**
     * Writes {@code papers} (new ids) as the store does, changes every tenth once more, and applies the change
     * events to {@code index} until all arrived or {@code deadlineNanos} passed.
     */
    Round round(List<Document> papers, SearchIndex index, long deadlineNanos) {
        List<Object> ids = papers.stream().map(paper -> paper.get(PaperFields.ID)).toList();
        collection.find(Filters.in(PaperFields.ID, ids)).into(new ArrayList<>()); // the store reads before it merges
        List<WriteModel<Document>> inserts = new ArrayList<>();
        papers.forEach(paper -> inserts.add(new InsertOneModel<>(paper)));
        collection.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        List<WriteModel<Document>> updates = new ArrayList<>();
        for (int i = 0; i < papers.size(); i += 10) {
            Document paper = papers.get(i);
            updates.add(new UpdateOneModel<>(new Document(PaperFields.ID, paper.get(PaperFields.ID)),
                    new Document("$set", new Document("upvotes", paper.getInteger("upvotes", 0) + 1))));
        }
        if (!updates.isEmpty()) {
            collection.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
        int expected = papers.size() + updates.size();
        int applied = 0;
        while (applied < expected && System.nanoTime() < deadlineNanos) {
            ChangeStreamDocument<Document> change = changes.tryNext();
            if (change != null) {
                ChangeApplier.apply(index, change);
                // another instance's drop in this database reaches this stream on the stand-in server: not ours
                if (change.getOperationType() == OperationType.INSERT
                        || change.getOperationType() == OperationType.UPDATE) {
                    applied++;
                }
            }
        }
        return new Round(applied, applied == expected);
    }

    /** Closes the change stream and drops the throwaway collection, and the database once it is empty. */
    @Override
    public void close() {
        try {
            changes.close();
        } finally {
            collection.drop();
            if (!database.listCollectionNames().iterator().hasNext()) {
                database.drop(); // real MongoDB drops an empty database itself; the stand-in server keeps it
            }
        }
    }

    /** Drops warm-up collections of earlier starts older than {@link #LEFTOVER_AGE} (left by a crash). */
    static void dropLeftovers(MongoDatabase database, long nowMillis) {
        for (String name : database.listCollectionNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String millis = name.substring(PREFIX.length()).replaceFirst("-.*", "");
            try {
                if (nowMillis - Long.parseLong(millis) > LEFTOVER_AGE.toMillis()) {
                    database.getCollection(name).drop();
                    log.info("dropped the search warm-up collection {} left by an earlier start", name);
                }
            } catch (NumberFormatException e) {
                log.debug("not a warm-up collection of this service: {}", name);
            }
        }
    }
}

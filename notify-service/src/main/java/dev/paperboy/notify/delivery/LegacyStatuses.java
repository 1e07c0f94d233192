package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves the digest statuses that earlier versions kept apart (collection {@code digests}, one document per digest
 * keyed like its ledger document) into the ledger documents of {@code offers} at startup, removing them from
 * there once moved.
 * <p>
 * Each status is written into its ledger document only while that one has no status of its own (so a status the
 * new version changed since, e.g. to SENT, is never overwritten by a second mover), and inserted as a document of
 * its own where the ledger has none: digests recorded with the per-pair ledger ({@code deliveries}), and cancelled
 * ones (whose ledger document was removed). A CANCELLED status also releases its ledger document's pairs, in case
 * the older version died between marking it and removing its ledger document. Run again after a crash before the
 * removal, it finds the moved statuses in place and changes nothing. Older instances must be stopped first: a status
 * one of them writes after the move is not seen.
 */
final class LegacyStatuses {

    static final String COLLECTION = "digests";
    private static final int BATCH = 1000;
    /** The status fields of the old documents ({@code entries}: papers stored inside, before they were apart). */
    private static final List<String> FIELDS = List.of("frequency", "papers", "entries", "messageId", "state",
            "attempts", "owner", "leaseUntil", "sentAt");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LegacyStatuses.class);

    private final MongoCollection<Document> statuses;
    private final MongoCollection<Document> offers;

    LegacyStatuses(MongoCollection<Document> statuses, MongoCollection<Document> offers) {
        this.statuses = statuses;
        this.offers = offers;
    }

    /** Moves every status into the ledger, removing each batch once it is moved; returns how many were moved. */
    long moveIntoLedger() {
        long moved = 0;
        List<Document> batch = new ArrayList<>(BATCH);
        for (Document status : statuses.find()) {
            batch.add(status);
            if (batch.size() == BATCH) {
                moved += move(batch);
            }
        }
        moved += move(batch);
        if (moved > 0) {
            log.info("moved {} digest statuses of an earlier version into the delivery ledger", moved);
        }
        return moved;
    }

    private int move(List<Document> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<UpdateOneModel<Document>> writes = new ArrayList<>(batch.size());
        List<Object> ids = new ArrayList<>(batch.size());
        for (Document status : batch) {
            ids.add(status.get("_id"));
            writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", status.get("_id")),
                    Filters.exists("state", false)), update(status), new UpdateOptions().upsert(true)));
        }
        try {
            offers.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // a duplicate: the ledger document has a status already (moved before, maybe changed since)
            DuplicateKeys.refused(e);
        }
        // only what was moved: a status an older instance wrote meanwhile stays for the next start
        statuses.deleteMany(Filters.in("_id", ids));
        int moved = batch.size();
        batch.clear();
        return moved;
    }

    private static Bson update(Document status) {
        List<Bson> updates = new ArrayList<>();
        for (String field : FIELDS) {
            if (status.containsKey(field)) {
                updates.add(Updates.set(field, status.get(field)));
            }
        }
        updates.add(Updates.setOnInsert("subscriberId", status.get("subscriberId")));
        updates.add(Updates.setOnInsert("createdAt", status.get("createdAt")));
        // no subscriber|paper pair has two '|': the key stands in for the pairs of a document that offers none
        List<Object> ownKeyOnly = List.of(status.get("_id"));
        if (DigestState.CANCELLED.name().equals(status.getString("state"))) {
            updates.add(Updates.set("pairs", ownKeyOnly));
        } else {
            updates.add(Updates.setOnInsert("pairs", ownKeyOnly));
        }
        return Updates.combine(updates);
    }
}

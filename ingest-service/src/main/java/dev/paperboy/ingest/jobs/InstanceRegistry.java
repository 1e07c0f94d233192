package dev.paperboy.ingest.jobs;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Which process holds which instance id (collection {@code instances} of the ingest database), renewed with every
 * heartbeat. It lets an instance tell a predecessor that stopped from another live process configured with the
 * same id: that one's RUNNING jobs must not be ended as left over from a previous run.
 */
@Component
class InstanceRegistry {

    static final String COLLECTION = "instances";

    private final MongoTemplate mongo;

    InstanceRegistry(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The holder of an instance id as recorded: a token of its process and when it last claimed the id. */
    record Holder(String process, Instant seenAt) {
    }

    /** Records {@code process} as the holder of {@code instanceId} at {@code now}; answers the previous holder. */
    Holder claim(String instanceId, String process, Instant now) {
        Document before = collection().findOneAndUpdate(Filters.eq("_id", instanceId),
                Updates.combine(Updates.set("process", process), Updates.set("seenAt", Date.from(now))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? null : new Holder(before.getString("process"), before.getDate("seenAt").toInstant());
    }

    /**
     * Forgets the ids nobody claimed since {@code cutoff}: each process start with the default id adds one, and
     * only claims younger than the stale period decide anything.
     *
     * @return how many were forgotten
     */
    long forgetSilentSince(Instant cutoff) {
        return collection().deleteMany(Filters.lt("seenAt", Date.from(cutoff))).getDeletedCount();
    }

    /** The holder recorded for {@code instanceId}, if any. */
    Optional<Holder> holder(String instanceId) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", instanceId)).first())
                .map(doc -> new Holder(doc.getString("process"), doc.getDate("seenAt").toInstant()));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}

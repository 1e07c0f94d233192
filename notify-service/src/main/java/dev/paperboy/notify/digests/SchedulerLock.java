package dev.paperboy.notify.digests;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A leased lock in collection {@code locks} (one document per lock name): taken by an upsert that only matches
 * a free or own lock, so a second instance gets a duplicate-key error while the lease runs.
 */
@Component
class SchedulerLock {

    private final MongoTemplate mongo;

    SchedulerLock(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    boolean tryAcquire(String name, String owner, Instant now, Duration lease) {
        Query free = Query.query(where("_id").is(name).orOperator(
                Criteria.where("leaseUntil").lt(now), Criteria.where("owner").is(owner)));
        try {
            mongo.findAndModify(free, new Update().set("owner", owner).set("leaseUntil", now.plus(lease)),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), org.bson.Document.class, "locks");
            return true;
        } catch (DuplicateKeyException | MongoWriteException | MongoCommandException held) {
            return false;
        }
    }

    void release(String name, String owner) {
        mongo.remove(Query.query(where("_id").is(name).and("owner").is(owner)), "locks");
    }
}

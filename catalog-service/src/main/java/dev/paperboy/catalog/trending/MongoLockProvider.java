package dev.paperboy.catalog.trending;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import net.javacrumbs.shedlock.core.AbstractSimpleLock;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.bson.Document;

import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * A ShedLock {@link LockProvider} on a MongoDB collection (one document per lock name, {@code _id} = name), as
 * ShedLock's own Mongo provider does it: acquiring is one {@code findOneAndUpdate} with upsert on
 * {@code {_id: name, lockUntil <= now}}; when another holder's unexpired lock exists the upsert collides with
 * its {@code _id} (duplicate key) and the lock is refused. Unlocking sets {@code lockUntil} to the unlock time
 * (lock-at-least-for respected). Works on real MongoDB and on the embedded Mongo-wire server (no transactions).
 */
public class MongoLockProvider implements LockProvider {

    public static final String COLLECTION = "shedLock";

    private final MongoCollection<Document> locks;
    private final String holder;
    private final Clock clock;

    public MongoLockProvider(MongoCollection<Document> locks, String holder, Clock clock) {
        this.locks = locks;
        this.holder = holder;
        this.clock = clock;
    }

    @Override
    public Optional<SimpleLock> lock(LockConfiguration config) {
        Date now = Date.from(clock.instant());
        try {
            locks.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", config.getName()), Filters.lte("lockUntil", now)),
                    Updates.combine(
                            Updates.set("lockUntil", Date.from(config.getLockAtMostUntil())),
                            Updates.set("lockedAt", now),
                            Updates.set("lockedBy", holder)),
                    new FindOneAndUpdateOptions().upsert(true));
            return Optional.of(new MongoLock(config));
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty(); // held by someone else
            }
            throw e;
        }
    }

    private final class MongoLock extends AbstractSimpleLock {

        private MongoLock(LockConfiguration config) {
            super(config);
        }

        @Override
        protected void doUnlock() {
            locks.updateOne(Filters.and(Filters.eq("_id", lockConfiguration.getName()), Filters.eq("lockedBy", holder)),
                    Updates.set("lockUntil", Date.from(lockConfiguration.getUnlockTime())));
        }
    }
}

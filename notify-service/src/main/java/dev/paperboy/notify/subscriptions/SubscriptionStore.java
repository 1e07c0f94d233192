package dev.paperboy.notify.subscriptions;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The {@code subscriptions} collection. */
@Component
public class SubscriptionStore {

    static final String COLLECTION = "subscriptions";
    /**
     * Ids per {@link #advanceDue} update: the embedded server compares each document it updates with every id of
     * the {@code $in} list, so a list of 1,000 cost more than the statements it saved.
     */
    private static final int IDS_PER_UPDATE = 200;
    /** The fields {@link #findDue} reads ({@code _id} comes with them). */
    private static final Document DUE_FIELDS = new Document("email", 1).append("state", 1).append("preferences", 1)
            .append("nextDueAt", 1).append("permanentFailures", 1);
    private final MongoTemplate mongo;

    public SubscriptionStore(MongoTemplate mongo) {
        this.mongo = mongo;
        var collection = mongo.getCollection(COLLECTION);
        collection.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        // what real MongoDB needs for the due scan and the matching load (the embedded server ignores these)
        collection.createIndex(Indexes.ascending("state", "preferences.frequency", "nextDueAt"),
                new IndexOptions().name("state_frequency_due"));
    }

    public Subscription findById(String id) {
        return mongo.findById(id, Subscription.class);
    }

    Subscription findByEmail(String email) {
        return mongo.findOne(Query.query(where("email").is(email)), Subscription.class);
    }

    void insert(Subscription subscription) {
        mongo.insert(subscription);
    }

    Subscription update(String id, Update update) {
        return mongo.findAndModify(Query.query(where("_id").is(id)), update,
                FindAndModifyOptions.options().returnNew(true), Subscription.class);
    }

    /** Active subscriptions of {@code frequencies}, streamed (for building the match index). */
    public Stream<Subscription> streamActive(List<Frequency> frequencies) {
        Query query = Query.query(where("state").is(SubscriptionState.ACTIVE)
                .and("preferences.frequency").in(frequencies));
        return mongo.stream(query, Subscription.class);
    }

    /**
     * Active daily/weekly subscriptions whose due time has come (read by {@link SubscriptionDocuments}), with only
     * what a scheduled run uses: id, email, state, preferences, {@code nextDueAt} and {@code permanentFailures}; the
     * other fields are null (0 for counts). The rest of each document stays out of the replies: every byte left
     * out is one less to encode and decode.
     */
    public List<Subscription> findDue(Instant now, int limit) {
        List<Subscription> due = new ArrayList<>();
        for (Document stored : mongo.getCollection(COLLECTION).find(Filters.and(
                Filters.eq("state", SubscriptionState.ACTIVE.name()),
                Filters.in("preferences.frequency", Frequency.DAILY.name(), Frequency.WEEKLY.name()),
                Filters.lte("nextDueAt", Date.from(now)))).projection(DUE_FIELDS).limit(limit)) {
            due.add(SubscriptionDocuments.read(stored));
        }
        return due;
    }

    /**
     * Moves the due time of each of {@code due} to its next send hour after {@code now}: one update by ids per
     * distinct next due time (subscriptions sharing a time zone and send hour share it) and 200 ids, instead of one
     * update statement per subscription (the embedded server handles each statement apart; the run holds the
     * scheduler lock). The driver's own updates: Spring's mapping through the entity metadata took most of this
     * method's time for thousands of subscriptions.
     */
    public void advanceDue(List<Subscription> due, Instant now) {
        if (due.isEmpty()) {
            return;
        }
        Map<Instant, List<Object>> idsByNext = new java.util.HashMap<>();
        for (Subscription subscription : due) {
            idsByNext.computeIfAbsent(dev.paperboy.notify.digests.DueTimes.next(subscription.preferences(), now),
                    next -> new ArrayList<>()).add(storedId(subscription.id()));
        }
        var collection = mongo.getCollection(COLLECTION);
        idsByNext.forEach((next, ids) -> {
            for (int from = 0; from < ids.size(); from += IDS_PER_UPDATE) {
                List<Object> part = ids.subList(from, Math.min(ids.size(), from + IDS_PER_UPDATE));
                // only the due time: a run time per subscription would be one more field written that nothing reads
                collection.updateMany(Filters.in("_id", part), Updates.set("nextDueAt", Date.from(next)));
            }
        });
    }

    /** The id as Spring Data stores a String id: as an ObjectId when it is one (ours are UUIDs, stored as given). */
    private static Object storedId(String id) {
        return ObjectId.isValid(id) ? new ObjectId(id) : id;
    }

    public void recordDelivered(String id, Instant at) {
        mongo.updateFirst(Query.query(where("_id").is(id).and("permanentFailures").gt(0)),
                new Update().set("permanentFailures", 0), Subscription.class);
    }

    /** Counts a permanent failure; deactivates the subscription at {@code max}. Returns whether it was deactivated. */
    public boolean recordPermanentFailure(String id, int max, Instant at) {
        Subscription updated = mongo.findAndModify(Query.query(where("_id").is(id)),
                new Update().inc("permanentFailures", 1).set("updatedAt", at),
                FindAndModifyOptions.options().returnNew(true), Subscription.class);
        if (updated != null && updated.permanentFailures() >= max && updated.state() == SubscriptionState.ACTIVE) {
            mongo.updateFirst(Query.query(where("_id").is(id).and("state").is(SubscriptionState.ACTIVE)),
                    new Update().set("state", SubscriptionState.DISABLED).set("updatedAt", at), Subscription.class);
            return true;
        }
        return false;
    }

    /** Subscriptions per state (every state present, 0 when none), in one pass over the collection. */
    public Map<SubscriptionState, Long> countByState() {
        Map<SubscriptionState, Long> counts = new EnumMap<>(SubscriptionState.class);
        for (SubscriptionState state : SubscriptionState.values()) {
            counts.put(state, 0L);
        }
        for (Document group : mongo.getCollection(COLLECTION).aggregate(List.of(
                Aggregates.group("$state", Accumulators.sum("count", 1))))) {
            Object state = group.get("_id");
            for (SubscriptionState known : SubscriptionState.values()) {
                if (known.name().equals(state)) {
                    counts.put(known, ((Number) group.get("count")).longValue());
                }
            }
        }
        return counts;
    }
}

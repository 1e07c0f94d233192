package dev.paperboy.notify.subscriptions;

import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Reads stored subscriptions in the form Spring Data writes them (enum names, dates, {@code preferences} as a
 * sub-document), without the mapping converter: a daily run reads every due subscription, and mapping 100,000 of
 * them through the entity metadata took a few percent of the run's CPU time.
 */
final class SubscriptionDocuments {

    private SubscriptionDocuments() {
    }

    static Subscription read(Document stored) {
        return new Subscription(id(stored.get("_id")), stored.getString("email"),
                stored.getString("state") == null ? null : SubscriptionState.valueOf(stored.getString("state")),
                preferences(stored.get("preferences", Document.class)),
                preferences(stored.get("pendingPreferences", Document.class)),
                instant(stored, "createdAt"), instant(stored, "updatedAt"), instant(stored, "confirmedAt"),
                instant(stored, "nextDueAt"), instant(stored, "lastDigestAt"),
                instant(stored, "confirmationWindowStart"), integer(stored, "confirmationsInWindow"),
                integer(stored, "permanentFailures"));
    }

    private static Preferences preferences(Document stored) {
        if (stored == null) {
            return null;
        }
        return new Preferences(strings(stored, "keywords"), strings(stored, "categories"), strings(stored, "authors"),
                integer(stored, "minUpvotes"),
                stored.getString("frequency") == null ? null : Frequency.valueOf(stored.getString("frequency")),
                stored.getString("timeZone"), integer(stored, "sendHour"), integer(stored, "maxPapers"));
    }

    /** A String id as Spring Data reads it: an ObjectId as its hex form. */
    private static String id(Object stored) {
        return stored instanceof ObjectId objectId ? objectId.toHexString() : (String) stored;
    }

    private static List<String> strings(Document stored, String field) {
        return stored.getList(field, String.class);
    }

    private static Instant instant(Document stored, String field) {
        Date date = stored.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static int integer(Document stored, String field) {
        Object value = stored.get(field);
        return value instanceof Number number ? number.intValue() : 0;
    }
}

package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An update that only sets top-level fields to immutable values ({@code $set}: strings, numbers, booleans, dates,
 * ids, null) and removes top-level fields ({@code $unset}), none of them indexed: the bulk of the writes of a service
 * that moves a status along (notify's SENT marks and due times). Applied to the stored document directly, as
 * MongoDB does: a field set to the value it holds (same type, equal) is no change, and the document counts as
 * modified only when a field changed. mongo-java-server copies the whole document twice for every update (a nested
 * list of pairs included), computes the new one apart, compares it with the old one (again after normalising
 * both), and asks every index where the document is: most of the server's CPU in a notify run. Any other update
 * (another operator, a dotted or {@code $} field, an indexed field, a nested value, one field both set and unset)
 * is not one of these: the library applies it, with its own validation and errors.
 */
final class TopLevelFieldUpdate {

    private final List<Map.Entry<String, Object>> sets;
    private final List<String> unsets;

    private TopLevelFieldUpdate(List<Map.Entry<String, Object>> sets, List<String> unsets) {
        this.sets = sets;
        this.unsets = unsets;
    }

    /** The update as one of these, or null when it is something else (the library applies it then). */
    static TopLevelFieldUpdate of(Document update, List<? extends Index<?>> indexes) {
        List<Map.Entry<String, Object>> sets = new ArrayList<>();
        List<String> unsets = new ArrayList<>();
        for (Map.Entry<String, Object> operator : update.entrySet()) {
            if (!(operator.getValue() instanceof Document fields) || fields.isEmpty()) {
                return null;
            }
            boolean set = operator.getKey().equals("$set");
            if (!set && !operator.getKey().equals("$unset")) {
                return null;
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String name = field.getKey();
                if (!plainName(name) || indexed(name, indexes) || (set && !plainValue(field.getValue()))) {
                    return null;
                }
                if (set) {
                    sets.add(field);
                } else {
                    unsets.add(name);
                }
            }
        }
        for (Map.Entry<String, Object> field : sets) {
            if (unsets.contains(field.getKey())) {
                // MongoDB refuses it as a conflict: the library answers with that error
                return null;
            }
        }
        return sets.isEmpty() && unsets.isEmpty() ? null : new TopLevelFieldUpdate(sets, unsets);
    }

    /** Applies the update to {@code document} in place; whether a field changed. */
    boolean applyTo(Document document) {
        boolean changed = false;
        for (Map.Entry<String, Object> field : sets) {
            String name = field.getKey();
            Object value = field.getValue();
            Object old = document.get(name);
            if (!document.containsKey(name) || !sameValue(old, value)) {
                document.put(name, value);
                changed = true;
            }
        }
        for (String name : unsets) {
            if (document.containsKey(name)) {
                document.remove(name);
                changed = true;
            }
        }
        return changed;
    }

    /** Equal and of the same type: MongoDB compares the stored BSON, so 1 (int) set over 1 (long) is a change. */
    private static boolean sameValue(Object old, Object value) {
        return Objects.equals(old, value) && (old == null || old.getClass() == value.getClass());
    }

    private static boolean plainName(String name) {
        return !name.isEmpty() && name.indexOf('.') < 0 && name.charAt(0) != '$' && !name.equals("_id");
    }

    private static boolean plainValue(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Instant || value instanceof ObjectId || value instanceof UUID;
    }

    /**
     * Whether an index that holds keys has {@code name} or a path into it among its fields; the library's
     * placeholders for the indexes it does not keep (non-unique ones) hold nothing and change nothing on an update.
     */
    private static boolean indexed(String name, List<? extends Index<?>> indexes) {
        for (Index<?> index : indexes) {
            if (index instanceof EmptyIndex<?>) {
                continue;
            }
            for (IndexKey key : index.getKeys()) {
                String indexed = key.getKey();
                if (indexed.equals(name) || indexed.startsWith(name + ".")) {
                    return true;
                }
            }
        }
        return false;
    }
}

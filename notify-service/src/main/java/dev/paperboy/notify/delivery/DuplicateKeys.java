package dev.paperboy.notify.delivery;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;

import java.util.ArrayList;
import java.util.List;

/** Unordered bulk writes whose only tolerated failure is a duplicate key: another writer got there first. */
final class DuplicateKeys {

    private static final int DUPLICATE_KEY = 11000;

    private DuplicateKeys() {
    }

    /** The indexes (in the bulk) of the writes refused as duplicates; rethrows {@code e} if any failed otherwise. */
    static List<Integer> refused(MongoBulkWriteException e) {
        List<Integer> indexes = new ArrayList<>(e.getWriteErrors().size());
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCode() != DUPLICATE_KEY) {
                throw e;
            }
            indexes.add(error.getIndex());
        }
        return indexes;
    }
}

package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.InMemoryCursor;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.List;

/**
 * A find's results in batches as MongoDB sends them when the client names no batch size: the first batch 101
 * documents, each later one (getMore) as many as fit in 16 MiB of BSON, at least one. mongo-java-server answered
 * such a find with every matching document in one reply, which passes the driver's 48 MB message limit once a
 * collection holds more than that (a read of all of notify's subscriptions, say), and failed a getMore without a
 * batch size. A find with {@code singleBatch} (a negative limit) or a batch size of its own is left as it is.
 */
final class FindBatches {

    /** MongoDB's first batch of a find without a batch size. */
    static final int FIRST_BATCH = 101;
    /** MongoDB's most bytes of documents in a getMore's batch without a batch size. */
    static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

    private FindBatches() {
    }

    /** The command as the server should run it: a find without a batch size gets MongoDB's first batch. */
    static Document withDefaultBatchSize(String command, Document query) {
        if ("find".equalsIgnoreCase(command) && !query.containsKey("batchSize")
                && !Boolean.TRUE.equals(query.get("singleBatch"))) {
            query.put("batchSize", FIRST_BATCH);
        }
        return query;
    }

    /**
     * A cursor over {@code remaining}, added to {@code cursors}, whose getMore without a batch size takes up to 16 MiB
     * of documents.
     */
    static InMemoryCursor registeredCursor(CursorRegistry cursors, List<Document> remaining) {
        InMemoryCursor cursor = new PagedCursor(cursors.generateCursorId(), remaining);
        cursors.add(cursor);
        return cursor;
    }

    static class PagedCursor extends InMemoryCursor {

        private final List<Document> documents;
        /** How many of {@link #documents} earlier batches took. */
        private int taken;

        PagedCursor(long id, List<Document> remaining) {
            super(id, remaining);
            this.documents = remaining;
        }

        @Override
        public synchronized List<Document> takeDocuments(int count) {
            if (isEmpty()) {
                return List.of();
            }
            List<Document> batch = super.takeDocuments(count > 0 ? count : fitting());
            taken += batch.size();
            return batch;
        }

        /** How many of the next documents fit in {@link #MAX_BATCH_BYTES}; at least one. */
        private int fitting() {
            ByteBuf buffer = Unpooled.buffer();
            try {
                long bytes = 0;
                int count = 0;
                for (int i = taken; i < documents.size(); i++) {
                    buffer.clear();
                    BsonEncoder.encodeDocument(documents.get(i), buffer);
                    bytes += buffer.writerIndex();
                    if (count > 0 && bytes > MAX_BATCH_BYTES) {
                        break;
                    }
                    count++;
                }
                return count;
            } finally {
                buffer.release();
            }
        }
    }
}

package dev.paperboy.mongostandin;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.stream.Stream;

/**
 * A collection's data size (the BSON bytes of its documents) counted when a client asks for it (collStats, dbStats,
 * validate), not kept up to date on every write. mongo-java-server kept it by encoding every inserted document,
 * and both versions of every updated or deleted one, to BSON for nothing but the count: about a sixth of the CPU of
 * an insert. Nothing in Paperboy reads these statistics; a tool that does gets the same figure, counted then.
 */
final class DataSizes {

    private DataSizes() {
    }

    /** The sum of the documents' BSON sizes, at most {@link Integer#MAX_VALUE} (the library reports an int). */
    static int total(Stream<Document> documents) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            long total = 0;
            for (Document document : (Iterable<Document>) documents::iterator) {
                buffer.clear();
                BsonEncoder.encodeDocument(document, buffer);
                total += buffer.writerIndex();
            }
            return (int) Math.min(total, Integer.MAX_VALUE);
        } finally {
            buffer.release();
        }
    }
}

package dev.paperboy.ingest.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The external ceiling of a bulk import: how fast the Mongo-wire server the service writes to accepts the
 * service's change-detection state writes <em>alone</em>. A job finishes only when every paper's state is stored,
 * so no import can be faster than this on the same server, whatever the service's own code costs.
 * <p>
 * Honest by construction: the documents are the very ones the service stored in the round just run (read back by
 * id, untimed), written with the service's own {@link MongoTemplate} (same client, same write concern) as the same
 * unordered bulk of inserts the service's state store sends, in batches of the service's publish batch size, one
 * bulk after another as the job's completion chain does. They go to a scratch collection of the same database,
 * dropped afterwards.
 */
final class StateWriteCeiling {

    static final String STATE_COLLECTION = "papers"; // PaperStateStore.COLLECTION
    private static final String SCRATCH = "bench_state_ceiling";

    /** Documents per second and the whole JVM's CPU microseconds per document (client encoding + server). */
    record Result(double docsPerSecond, double cpuMicrosPerDoc) {
    }

    private StateWriteCeiling() {
    }

    static Result measure(MongoTemplate mongo, List<String> ids, int batchSize) {
        MongoCollection<Document> state = mongo.getCollection(STATE_COLLECTION);
        List<Document> documents = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += batchSize) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + batchSize));
            state.find(Filters.in("_id", slice)).into(documents);
        }
        if (documents.size() != ids.size()) {
            throw new IllegalStateException("expected " + ids.size() + " stored states, found " + documents.size());
        }
        MongoCollection<Document> scratch = mongo.getCollection(SCRATCH); // created by the first insert
        BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
        long cpu = processCpuNanos();
        long started = System.nanoTime();
        for (int from = 0; from < documents.size(); from += batchSize) {
            List<WriteModel<Document>> inserts = new ArrayList<>(batchSize);
            for (Document doc : documents.subList(from, Math.min(documents.size(), from + batchSize))) {
                inserts.add(new InsertOneModel<>(doc));
            }
            scratch.bulkWrite(inserts, unordered);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (processCpuNanos() - cpu) / 1000.0 / documents.size();
        scratch.drop();
        return new Result(documents.size() / seconds, cpuMicros);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}

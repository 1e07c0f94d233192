package dev.paperboy.mongostandin.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.BulkWriteOptions;
import de.bwaldvogel.mongo.MongoServer;
import dev.paperboy.mongostandin.StandInMemoryBackend;
import org.bson.Document;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Benchmark harness (not a test): the CPU time of the embedded server's own threads per operation, and the bytes
 * they allocate (a figure other load on the machine does not disturb), for two workloads shaped like the services':
 * <ul>
 * <li>notify: digests inserted with their subscriber|paper pairs under a unique multikey index (bulks of 200),
 * marked SENT 200 at a time, their subscriptions' due time moved 200 at a time, and looked up by id;</li>
 * <li>catalog: ~1.8 KB papers replace-upserted in unordered bulks of 500, inserted then updated.</li>
 * </ul>
 * Arguments: {@code digests=20000 papers=20000 rounds=3 oplog=1 unwatched=}: {@code oplog=1} enables the oplog (as
 * the shared test server does), {@code unwatched=notify} leaves the notify database out of it (a backend
 * constructor option that older stand-ins lack). Run it with an older stand-in's classes first on the class path
 * to compare: {@code java -cp OLD:target/test-classes:target/classes:DEPS
 * dev.paperboy.mongostandin.bench.ServerCpuBenchmark}.
 */
public final class ServerCpuBenchmark {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ServerCpuBenchmark() {
    }

    public static void main(String[] args) {
        java.util.Map<String, String> options = new java.util.HashMap<>(java.util.Map.of("digests", "20000",
                "papers", "20000", "rounds", "3", "oplog", "1", "unwatched", ""));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int digests = Integer.parseInt(options.get("digests"));
        int papers = Integer.parseInt(options.get("papers"));
        int rounds = Integer.parseInt(options.get("rounds"));
        String unwatched = options.get("unwatched");
        StandInMemoryBackend backend = unwatched.isEmpty() ? new StandInMemoryBackend()
                : new StandInMemoryBackend(Set.of(unwatched.split(",")));
        MongoServer server = new MongoServer(backend);
        if (options.get("oplog").equals("1")) {
            server.enableOplog();
        }
        System.out.printf("server CPU benchmark: digests=%d papers=%d rounds=%d oplog=%s unwatched=%s%n", digests,
                papers, rounds, options.get("oplog"), unwatched.isEmpty() ? "-" : unwatched);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            notifyRound(client, "warm", Math.min(digests, 5_000));
            catalogRound(client, "warm", Math.min(papers, 5_000));
            for (int round = 1; round <= rounds; round++) {
                long cpu = serverThreads(true);
                long bytes = serverThreads(false);
                notifyRound(client, "r" + round, digests);
                double notifyUs = (serverThreads(true) - cpu) / 1e3 / digests;
                double notifyKb = (serverThreads(false) - bytes) / 1024.0 / digests;
                cpu = serverThreads(true);
                bytes = serverThreads(false);
                catalogRound(client, "r" + round, papers);
                double catalogUs = (serverThreads(true) - cpu) / 1e3 / papers;
                double catalogKb = (serverThreads(false) - bytes) / 1024.0 / papers;
                System.out.printf("round %d: notify %.1f µs server CPU, %.1f KB allocated per digest; catalog %.1f "
                        + "µs, %.1f KB per paper (insert + update)%n", round, notifyUs, notifyKb, catalogUs,
                        catalogKb);
            }
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * CPU nanoseconds (or bytes allocated, which other load does not change at all) of the server's worker threads
     * (mongo-java-server names them mongo-server-worker*).
     */
    private static long serverThreads(boolean cpu) {
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("mongo-server-worker")) {
                long value = cpu ? THREADS.getThreadCpuTime(thread.threadId())
                        : THREADS.getThreadAllocatedBytes(thread.threadId());
                total += Math.max(value, 0);
            }
        }
        return total;
    }

    private static void notifyRound(MongoClient client, String tag, int digests) {
        var database = client.getDatabase("notify");
        MongoCollection<Document> offers = database.getCollection("offers-" + tag);
        MongoCollection<Document> subscriptions = database.getCollection("subscriptions-" + tag);
        offers.createIndex(Indexes.ascending("pairs"), new IndexOptions().unique(true));
        Random random = new Random(42);
        List<Document> subscribers = new ArrayList<>();
        for (int i = 0; i < digests; i++) {
            subscribers.add(new Document("_id", "s" + i).append("email", "s" + i + "@example.org")
                    .append("state", "ACTIVE").append("nextDue", i).append("filters",
                            new Document("categories", List.of("cs.LG", "cs.AI")).append("words", List.of("model"))));
        }
        subscriptions.insertMany(subscribers, new InsertManyOptions().ordered(false));
        for (int from = 0; from < digests; from += 200) {
            List<Document> batch = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = from; i < Math.min(digests, from + 200); i++) {
                List<String> pairs = new ArrayList<>();
                for (int p = 0; p < 14; p++) {
                    pairs.add("s" + i + "|2401." + String.format("%05d", random.nextInt(1000)) + "x" + p);
                }
                batch.add(new Document("_id", "d" + i).append("subscriber", "s" + i).append("pairs", pairs)
                        .append("state", "CLAIMED").append("claimedAt", new java.util.Date()));
                ids.add("d" + i);
            }
            offers.insertMany(batch, new InsertManyOptions().ordered(false));
            offers.find(Filters.in("_id", ids.subList(0, 20))).into(new ArrayList<>());
            offers.updateMany(Filters.in("_id", ids), Updates.combine(Updates.set("state", "SENT"),
                    Updates.set("sentAt", new java.util.Date())));
            subscriptions.updateMany(Filters.in("_id", ids.stream().map(id -> "s" + id.substring(1)).toList()),
                    Updates.set("nextDue", digests + from));
        }
    }

    private static void catalogRound(MongoClient client, String tag, int papers) {
        MongoCollection<Document> collection = client.getDatabase("catalog").getCollection("papers-" + tag);
        for (int pass = 0; pass < 2; pass++) {
            for (int from = 0; from < papers; from += 500) {
                List<ReplaceOneModel<Document>> bulk = new ArrayList<>();
                for (int i = from; i < Math.min(papers, from + 500); i++) {
                    bulk.add(new ReplaceOneModel<>(Filters.eq("_id", "2401." + i), paper(i, pass),
                            new ReplaceOptions().upsert(true)));
                }
                collection.bulkWrite(bulk, new BulkWriteOptions().ordered(false));
            }
        }
    }

    private static Document paper(int i, int revision) {
        return new Document("_id", "2401." + i).append("_rev", revision).append("title", "A paper about models " + i)
                .append("abstract", "We study ".repeat(120) + i)
                .append("authors", List.of(new Document("name", "Ada Lovelace"), new Document("name", "Alan Turing")))
                .append("categories", List.of("cs.LG", "cs.AI")).append("upvotes", revision * 3)
                .append("versions", List.of(new Document("v", 1).append("size", "120kb")));
    }
}

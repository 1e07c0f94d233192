package dev.paperboy.catalog.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark (not a test): the catalog's apply path ({@link PaperStore#apply}: one {@code $in} read, merge in Java,
 * one unordered bulk of inserts / {@code _rev}-conditional {@code $set}s) against the raw driver baseline
 * (unordered bulk of {@code replaceOne(upsert)} by {@code _id}) on the same server, same synthetic papers, same
 * batch size. Two passes each: new papers (inserts), then newer observations of the same papers (replacements).
 * <pre>
 *   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; cd /work/main
 *   ./mvnw -B -q -pl catalog-service test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 *   cd catalog-service && $JAVA_HOME/bin/java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *       dev.paperboy.catalog.bench.ApplyBenchmark [papers=20000] [batch=500] [rounds=3] [mongoUri]
 * </pre>
 * Without {@code mongoUri} an in-memory mongo-java-server is started in the benchmark JVM.
 */
public final class ApplyBenchmark {

    private ApplyBenchmark() {
    }

    public static void main(String[] args) {
        int papers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        MongoServer server = null;
        String uri;
        if (args.length > 3) {
            uri = args[3];
        } else {
            server = new MongoServer(new MemoryBackend());
            uri = server.bindAndGetConnectionString();
        }
        System.out.printf("papers=%d batch=%d rounds=%d server=%s%n", papers, batch, rounds,
                server == null ? uri : "mongo-java-server (memory, in-process)");
        List<PaperEvent> first = SyntheticPapers.generate(42, papers);
        List<PaperEvent> second = first.stream().map(p -> new PaperEvent(p.schemaVersion(), p.eventId() + "-2",
                p.id(), p.version(), p.title(), p.abstractText(), p.authors(), p.categories(), p.primaryCategory(),
                p.keywords(), p.publishedAt(), p.updatedAt(), p.dailyDate(), p.upvotes() + 3, p.comments(),
                p.githubRepo(), p.githubStars(), p.projectPage(), p.organization(), p.doi(), p.journalRef(),
                p.comment(), p.source(), p.observedAt().plusSeconds(3600))).toList();
        long bytes = first.stream().mapToLong(p -> dev.paperboy.contracts.EventCodec.toJson(p).length).sum();
        System.out.printf("average event JSON: %d bytes%n", bytes / papers);

        double[] raw = new double[rounds];
        double[] ours = new double[rounds];
        double[] ratios = new double[rounds];
        try (MongoClient client = MongoClients.create(uri)) {
            // warm-up (JIT of driver, server and merge code), not counted
            List<PaperEvent> warm = first.subList(0, Math.min(first.size(), 2_000));
            rawRate(client, "bench-warm-raw", warm, second.subList(0, warm.size()), batch);
            storeRate(client, "bench-warm-catalog", warm, second.subList(0, warm.size()), batch);
            client.getDatabase("bench-warm-raw").drop();
            client.getDatabase("bench-warm-catalog").drop();
            for (int round = 0; round < rounds; round++) {
                // alternate who goes first, fresh databases each round
                if (round % 2 == 0) {
                    raw[round] = rawRate(client, "bench-raw-" + round, first, second, batch);
                    ours[round] = storeRate(client, "bench-catalog-" + round, first, second, batch);
                } else {
                    ours[round] = storeRate(client, "bench-catalog-" + round, first, second, batch);
                    raw[round] = rawRate(client, "bench-raw-" + round, first, second, batch);
                }
                ratios[round] = ours[round] / raw[round];
                System.out.printf("round %d: raw bulk upsert %,.0f docs/s, catalog apply %,.0f docs/s (%.2fx)%n",
                        round + 1, raw[round], ours[round], ours[round] / raw[round]);
                client.getDatabase("bench-raw-" + round).drop();
                client.getDatabase("bench-catalog-" + round).drop();
            }
        } finally {
            if (server != null) {
                server.shutdownNow();
            }
        }
        double rawMedian = median(raw);
        double oursMedian = median(ours);
        System.out.printf("MEDIAN raw bulk upsert %,.0f docs/s | catalog apply %,.0f docs/s | ratio of medians %.2f"
                + " | median of per-round ratios %.2f%n", rawMedian, oursMedian, oursMedian / rawMedian, median(ratios));
    }

    private static double rawRate(MongoClient client, String database, List<PaperEvent> first,
                                  List<PaperEvent> second, int batch) {
        MongoCollection<Document> collection = client.getDatabase(database).getCollection(PaperFields.COLLECTION);
        long start = System.nanoTime();
        for (List<PaperEvent> pass : List.of(first, second)) {
            for (int i = 0; i < pass.size(); i += batch) {
                List<WriteModel<Document>> writes = new ArrayList<>(batch);
                for (PaperEvent event : pass.subList(i, Math.min(pass.size(), i + batch))) {
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", event.id()), PaperFields.toDocument(event),
                            new ReplaceOptions().upsert(true)));
                }
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            }
        }
        return (first.size() + second.size()) / ((System.nanoTime() - start) / 1e9);
    }

    private static double storeRate(MongoClient client, String database, List<PaperEvent> first,
                                    List<PaperEvent> second, int batch) {
        PaperStore store = new PaperStore(new MongoTemplate(client, database), Optional.empty());
        dev.paperboy.catalog.store.CatalogIndexes.create(store.collection());
        long start = System.nanoTime();
        for (List<PaperEvent> pass : List.of(first, second)) {
            for (int i = 0; i < pass.size(); i += batch) {
                store.apply(pass.subList(i, Math.min(pass.size(), i + batch)));
            }
        }
        double rate = (first.size() + second.size()) / ((System.nanoTime() - start) / 1e9);
        long count = store.collection().countDocuments();
        if (count != first.size()) {
            throw new IllegalStateException("expected " + first.size() + " papers, found " + count);
        }
        return rate;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

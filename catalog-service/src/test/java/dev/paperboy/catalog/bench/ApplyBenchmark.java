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
import dev.paperboy.mongostandin.StandInH2Backend;
import dev.paperboy.mongostandin.StandInMemoryBackend;
import dev.paperboy.catalog.store.CatalogIndexes;
import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark (not a test): the catalog's apply path ({@link PaperStore#apply}) against the raw driver baseline
 * (unordered bulk of {@code replaceOne(upsert)} by {@code _id}) on the same server, same synthetic papers, same
 * batch size, each into its own database. Three passes per round: new papers (inserts), a newer observation of
 * every paper (updates, by the store that inserted them: its write cache warm as far as its size allows; the hit
 * rate is printed), and another newer observation by a new store (a restarted instance: cold cache, every
 * update reads first). The overall figure is the first two passes, as before the cache; the cold pass is
 * reported beside it. Batches are interleaved (raw batch i, catalog batch i, alternating who goes first), so
 * load from other processes on the machine hits both sides alike; events are generated per batch outside the
 * timed calls, so the benchmark JVM holds one batch of events, not the whole data set. Reports docs/s by wall
 * clock and by process CPU time (the in-process server's work included), per pass and overall, with ratios.
 * <pre>
 *   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; cd catalog-service
 *   ../mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 *   ../mvnw -B -o -q test-compile
 *   $JAVA_HOME/bin/java -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
 *       dev.paperboy.catalog.bench.ApplyBenchmark [papers=20000] [batch=500] [rounds=3] [backend=memory|h2|mongoUri] \
 *       [writeCache=64MB (the service's default)]
 * </pre>
 * {@code memory} (default) and {@code h2} start a mongo-java-server in the benchmark JVM (h2: a file store in a
 * temporary directory); a {@code mongodb://} URI uses that server.
 */
public final class ApplyBenchmark {

    private static final long SEED = 42;

    private ApplyBenchmark() {
    }

    public static void main(String[] args) {
        int papers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String backend = args.length > 3 ? args[3] : "memory";
        DataSize writeCache = args.length > 4 ? DataSize.parse(args[4]) : PaperStore.DEFAULT_WRITE_CACHE;
        Path h2Dir = null;
        MongoServer server = null;
        String uri;
        if (backend.startsWith("mongodb://")) {
            uri = backend;
        } else if (backend.equals("h2")) {
            h2Dir = tempDir();
            server = new MongoServer(new StandInH2Backend(h2Dir.resolve("bench.mv").toString()));
            uri = server.bindAndGetConnectionString();
        } else if (backend.equals("memory")) {
            server = new MongoServer(new StandInMemoryBackend());
            uri = server.bindAndGetConnectionString();
        } else {
            throw new IllegalArgumentException("backend must be memory, h2 or a mongodb:// URI: " + backend);
        }
        System.out.printf("papers=%d batch=%d rounds=%d writeCache=%s server=%s%n", papers, batch, rounds,
                writeCache, server == null ? uri : "mongo-java-server (" + backend + ", in-process)");
        long bytes = 0;
        for (int i = 0; i < Math.min(papers, 1_000); i++) {
            bytes += EventCodec.toJson(SyntheticPapers.paper(SEED, i)).length;
        }
        System.out.printf("average event JSON: %d bytes%n", bytes / Math.min(papers, 1_000));

        List<Result> results = new ArrayList<>();
        try (MongoClient client = MongoClients.create(uri)) {
            // warm-up (JIT of driver, server and merge code), not counted
            new Round(client, "bench-warm", Math.min(papers, 2_000), batch, writeCache).run();
            for (int round = 0; round < rounds; round++) {
                Result result = new Round(client, "bench-" + round, papers, batch, writeCache).run();
                results.add(result);
                System.out.printf("round %d: %s%n", round + 1, result);
            }
        } finally {
            if (server != null) {
                server.shutdownNow();
            }
            if (h2Dir != null) {
                deleteQuietly(h2Dir);
            }
        }
        System.out.printf("MEDIAN raw bulk upsert %,.0f docs/s | catalog apply %,.0f docs/s | ratio of medians %.2f"
                        + " | median of per-round ratios: wall %.2f, CPU %.2f (insert pass %.2f, update pass %.2f"
                        + " with write-cache hit rate %.2f; cold-cache update pass %.2f, CPU %.2f)%n",
                median(results, r -> r.raw.wallRate()), median(results, r -> r.catalog.wallRate()),
                median(results, r -> r.catalog.wallRate()) / median(results, r -> r.raw.wallRate()),
                median(results, r -> r.catalog.wallRate() / r.raw.wallRate()),
                median(results, r -> r.catalog.cpuRate() / r.raw.cpuRate()),
                median(results, r -> r.catalog.insert.wallRate() / r.raw.insert.wallRate()),
                median(results, r -> r.catalog.update.wallRate() / r.raw.update.wallRate()),
                median(results, Result::hitRate),
                median(results, r -> r.catalog.cold.wallRate() / r.raw.cold.wallRate()),
                median(results, r -> r.catalog.cold.cpuRate() / r.raw.cold.cpuRate()));
    }

    /** Time and process CPU spent on some documents. */
    private static final class Timing {
        long docs;
        long nanos;
        long cpuNanos;

        double wallRate() {
            return docs / (nanos / 1e9);
        }

        double cpuRate() {
            return docs / (cpuNanos / 1e9);
        }

        void add(Timing other) {
            docs += other.docs;
            nanos += other.nanos;
            cpuNanos += other.cpuNanos;
        }
    }

    /** One side's timings: insert pass, update pass, cold-cache update pass (not in the total). */
    private static final class Side {
        final Timing insert = new Timing();
        final Timing update = new Timing();
        final Timing cold = new Timing();

        Timing total() {
            Timing t = new Timing();
            t.add(insert);
            t.add(update);
            return t;
        }

        double wallRate() {
            return total().wallRate();
        }

        double cpuRate() {
            return total().cpuRate();
        }

        @Override
        public String toString() {
            return String.format("%,.0f docs/s (insert %,.0f, update %,.0f, cold update %,.0f; CPU %,.0f docs/cpu-s)",
                    wallRate(), insert.wallRate(), update.wallRate(), cold.wallRate(), cpuRate());
        }
    }

    private record Result(Side raw, Side catalog, double hitRate) {
        @Override
        public String toString() {
            return String.format("raw bulk upsert %s | catalog apply %s | ratio wall %.2f, CPU %.2f | update pass %.2f"
                            + " (write-cache hit rate %.2f), cold update pass %.2f", raw, catalog,
                    catalog.wallRate() / raw.wallRate(), catalog.cpuRate() / raw.cpuRate(),
                    catalog.update.wallRate() / raw.update.wallRate(), hitRate,
                    catalog.cold.wallRate() / raw.cold.wallRate());
        }
    }

    /** Both sides on fresh databases, batch by batch. */
    private record Round(MongoClient client, String prefix, int papers, int batch, DataSize writeCache) {

        Result run() {
            MongoCollection<Document> raw = client.getDatabase(prefix + "-raw").getCollection(PaperFields.COLLECTION);
            MongoTemplate catalog = new MongoTemplate(client, prefix + "-catalog");
            PaperStore warm = new PaperStore(catalog, Optional.empty(), writeCache);
            CatalogIndexes.create(warm.collection());
            Side rawSide = new Side();
            Side catalogSide = new Side();
            double hitRate = 0;
            int batchNo = 0;
            for (int pass = 0; pass < 3; pass++) {
                // the third pass is a restarted instance: a new store, nothing cached
                PaperStore store = pass < 2 ? warm : new PaperStore(catalog, Optional.empty(), writeCache);
                PaperStore.WriteCacheStats before = store.writeCacheStats();
                Timing rawTiming = pass == 0 ? rawSide.insert : pass == 1 ? rawSide.update : rawSide.cold;
                Timing catalogTiming = pass == 0 ? catalogSide.insert : pass == 1 ? catalogSide.update
                        : catalogSide.cold;
                for (int from = 0; from < papers; from += batch, batchNo++) {
                    List<PaperEvent> events = new ArrayList<>(batch);
                    for (int i = from; i < Math.min(papers, from + batch); i++) {
                        PaperEvent paper = SyntheticPapers.paper(SEED, i);
                        events.add(pass == 0 ? paper : newerObservation(paper, pass));
                    }
                    if (batchNo % 2 == 0) {
                        time(rawTiming, events.size(), () -> rawUpsert(raw, events));
                        time(catalogTiming, events.size(), () -> store.apply(events));
                    } else {
                        time(catalogTiming, events.size(), () -> store.apply(events));
                        time(rawTiming, events.size(), () -> rawUpsert(raw, events));
                    }
                }
                if (pass == 1) {
                    PaperStore.WriteCacheStats after = store.writeCacheStats();
                    long hits = after.hits() - before.hits();
                    hitRate = (double) hits / (hits + after.misses() - before.misses());
                }
            }
            long count = warm.collection().countDocuments();
            if (count != papers || raw.countDocuments() != papers) {
                throw new IllegalStateException("expected " + papers + " papers, found " + count);
            }
            for (int i : new int[] {0, papers / 2, papers - 1}) {
                Document sample = warm.find(SyntheticPapers.paper(SEED, i).id()).orElseThrow();
                if (((List<?>) sample.get(PaperFields.HISTORY)).size() != 3
                        || !newerObservation(SyntheticPapers.paper(SEED, i), 2).upvotes().equals(
                        sample.getInteger(PaperFields.UPVOTES))) {
                    throw new IllegalStateException("the update passes did not apply: " + sample);
                }
            }
            client.getDatabase(prefix + "-raw").drop();
            client.getDatabase(prefix + "-catalog").drop();
            return new Result(rawSide, catalogSide, hitRate);
        }
    }

    private static void rawUpsert(MongoCollection<Document> collection, List<PaperEvent> events) {
        List<WriteModel<Document>> writes = new ArrayList<>(events.size());
        for (PaperEvent event : events) {
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", event.id()), PaperFields.toDocument(event),
                    new ReplaceOptions().upsert(true)));
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    private static void time(Timing timing, int docs, Runnable work) {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        work.run();
        timing.nanos += System.nanoTime() - start;
        timing.cpuNanos += processCpuNanos() - cpu;
        timing.docs += docs;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The same paper observed {@code hours} later with 3 more upvotes an hour (newer: it replaces the stored one). */
    private static PaperEvent newerObservation(PaperEvent p, int hours) {
        return new PaperEvent(p.schemaVersion(), p.eventId() + "-" + (hours + 1), p.id(), p.version(), p.title(),
                p.abstractText(), p.authors(), p.categories(), p.primaryCategory(), p.keywords(), p.publishedAt(),
                p.updatedAt(), p.dailyDate(), p.upvotes() + 3 * hours, p.comments(), p.githubRepo(),
                p.githubStars(), p.projectPage(), p.organization(), p.doi(), p.journalRef(), p.comment(),
                p.source(), p.observedAt().plusSeconds(3600L * hours));
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> metric) {
        double[] sorted = results.stream().mapToDouble(metric).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("apply-bench-h2");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}

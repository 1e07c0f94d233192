package dev.paperboy.mongostandin.bench;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import dev.paperboy.mongostandin.StandInH2Backend;
import dev.paperboy.mongostandin.StandInMemoryBackend;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark harness (not a test): what a change-stream poll costs the embedded server as its oplog grows, the way
 * the catalog's search feeder reads it ({@code fullDocument: updateLookup}): an empty poll, and one update followed
 * by the poll that returns its event. Every poll reads the whole oplog, so both grow with it.
 * Arguments: {@code h2} first for the H2 file backend (the local stack's), then oplog sizes (papers of ~1.9 KB
 * inserted first, one oplog entry each), default {@code 5000 20000}.
 * Run with an older stand-in's classes first on the class path to compare.
 */
public final class ChangeStreamPollBenchmark {

    private static final int POLLS = 50;
    private static final int ROUNDS = 7;

    private ChangeStreamPollBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        boolean h2 = args.length > 0 && args[0].equals("h2");
        String[] rest = h2 ? Arrays.copyOfRange(args, 1, args.length) : args;
        int[] sizes = rest.length == 0 ? new int[] {5_000, 20_000} : Arrays.stream(rest).mapToInt(Integer::parseInt)
                .toArray();
        for (int size : sizes) {
            Path file = Files.createTempFile("change-stream-poll", ".mv");
            try {
                measure(h2 ? new StandInH2Backend(file.toString()) : new StandInMemoryBackend(), size);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void measure(MongoBackend backend, int size) {
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        var address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            MongoCollection<Document> papers = client.getDatabase("bench").getCollection("papers");
            insert(papers, size);
            try (var changes = papers.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
                double[] empty = new double[ROUNDS];
                double[] update = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    empty[round] = emptyPolls(changes);
                    update[round] = updatesAndTheirEvents(papers, changes, size, round);
                }
                // the first rounds warm the JIT: the median of the rest
                System.out.printf("change-stream poll, " + backend.getClass().getSimpleName() + ", oplog of %,d entries: empty %.2f ms, update + its event %.2f"
                        + " ms (median of rounds 3-%d, %d polls each)%n", size, median(empty), median(update),
                        ROUNDS, POLLS);
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static void insert(MongoCollection<Document> papers, int size) {
        String abstractText = "we propose a scalable method for sparse attention in long context models ".repeat(20);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(new Document("_id", "p" + i).append("title", "Paper " + i).append("abstract", abstractText)
                    .append("authors", List.of("A. Author", "B. Author", "C. Author")).append("upvotes", i % 97));
            if (batch.size() == 1_000 || i == size - 1) {
                papers.insertMany(batch);
                batch.clear();
            }
        }
    }

    private static double emptyPolls(MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes) {
        long start = System.nanoTime();
        for (int i = 0; i < POLLS; i++) {
            if (changes.tryNext() != null) {
                throw new IllegalStateException("an event where none was written");
            }
        }
        return (System.nanoTime() - start) / 1e6 / POLLS;
    }

    private static double updatesAndTheirEvents(MongoCollection<Document> papers,
            MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes, int size, int round) {
        long start = System.nanoTime();
        for (int i = 0; i < POLLS; i++) {
            String id = "p" + ((round * POLLS + i) * 7919 % size);
            papers.updateOne(Filters.eq("_id", id), Updates.inc("upvotes", 1));
            ChangeStreamDocument<Document> event;
            do {
                event = changes.tryNext();
            } while (event == null);
            if (event.getFullDocument() == null || !id.equals(event.getFullDocument().getString("_id"))) {
                throw new IllegalStateException("update of " + id + " came back as " + event);
            }
        }
        return (System.nanoTime() - start) / 1e6 / POLLS;
    }

    private static double median(double[] rounds) {
        double[] measured = Arrays.copyOfRange(rounds, 2, rounds.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}

package dev.paperboy.mongostandin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read returns each document as it was between two writes, never half updated, as MongoDB does. The library's
 * memory backend updates stored documents in place and encodes query results after its lock is released, so a
 * read racing an update could see some of the update's fields and not others.
 */
class ReadIsolationTest {

    private static final int FIELDS = 20;

    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(new StandInMemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void findsAndFindAndModifyNeverSeeAHalfAppliedUpdate() throws Exception {
        MongoCollection<Document> papers = client.getDatabase("isolation").getCollection("papers");
        papers.insertMany(IntStream.range(0, 50).mapToObj(i -> revision(new Document("_id", "p" + i), 0)).toList());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int rev = 1; rev <= 300; rev++) {
                papers.updateMany(new Document(), new Document("$set", revision(new Document(), rev)));
            }
            writing.set(false);
        });
        List<String> torn = new ArrayList<>();
        int reads = 0;
        while (writing.get() && torn.size() < 5) {
            for (Document paper : papers.find(Filters.in("_id", List.of("p1", "p7", "p13", "p29", "p42")))) {
                check(paper, torn);
            }
            check(papers.findOneAndUpdate(Filters.eq("_id", "p3"), new Document("$inc", new Document("reads", 1)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)), torn);
            reads++;
        }
        writer.join();

        assertThat(reads).isPositive();
        assertThat(torn).as("documents read half updated").isEmpty();
    }

    /** Every field of a document carries the revision of the update that wrote them all at once. */
    private static Document revision(Document document, int rev) {
        for (int field = 0; field < FIELDS; field++) {
            document.append("f" + field, rev);
        }
        return document;
    }

    private static void check(Document paper, List<String> torn) {
        var revisions = IntStream.range(0, FIELDS).map(field -> paper.getInteger("f" + field)).distinct().toArray();
        if (revisions.length != 1) {
            torn.add(paper.getString("_id") + " " + java.util.Arrays.toString(revisions));
        }
    }
}

package dev.paperboy.catalog.search;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.paperboy.testsupport.SharedMongo;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The change-stream feeder against the shared Mongo-wire server (oplog enabled), without Spring. */
class MongoIndexFeederTest {

    static MongoClient client;
    static MongoCollection<Document> papers;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        SharedMongo.assumeAvailable();
        client = MongoClients.create(SharedMongo.uri("catalog-search-feeder"));
        papers = client.getDatabase("catalog-search-feeder").getCollection("papers");
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void clean() {
        papers.deleteMany(new Document());
    }

    static Document paper(String id, String title) {
        Instant now = Instant.now();
        return new Document("_id", id).append("version", 1).append("title", title)
                .append("abstract", "An abstract about " + title.toLowerCase() + ".")
                .append("authors", List.of("Grace Hopper")).append("categories", List.of("cs.SE"))
                .append("primaryCategory", "cs.SE").append("keywords", List.of())
                .append("publishedAt", Date.from(now)).append("dailyDate", "2025-12-11")
                .append("upvotes", 3).append("source", "ARXIV")
                .append("observedAt", Date.from(now)).append("storedAt", Date.from(now));
    }

    private static MongoIndexFeeder feeder(SearchIndex index) {
        return new MongoIndexFeeder(papers, index, Duration.ofMillis(300), Duration.ofMillis(100));
    }

    private static List<String> search(PaperSearcher searcher, String q) {
        return searcher.search(PaperQuery.listing(20).withText(q, SortOrder.RELEVANCE)).items().stream()
                .map(PaperItem::id).toList();
    }

    @Test
    void buildsFollowsAndRestartsWithoutRebuilding() {
        papers.insertMany(List.of(paper("2501.00001", "Compilers for cobol"), paper("2501.00002", "Nanoseconds explained")));

        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        MongoIndexFeeder feeder = new MongoIndexFeeder(papers, index, Duration.ofMillis(300), Duration.ofMillis(100),
                metrics);
        PaperSearcher searcher = new PaperSearcher(index, "http://localhost");
        feeder.start();
        await().atMost(Duration.ofSeconds(10)).until(feeder::ready);
        assertThat(feeder.rebuilds()).isEqualTo(1);
        assertThat(search(searcher, "cobol")).containsExactly("2501.00001");

        // stored -> searchable within 2 s, and the lag an operator reads from the metrics
        Document moths = paper("2501.00003", "Debugging with moths");
        papers.insertOne(moths);
        await().atMost(Duration.ofSeconds(10)).until(() -> search(searcher, "moths").equals(List.of("2501.00003")));
        Timer storedToIndexed = metrics.get(FeederMetrics.STORED_TO_INDEXED).timer();
        assertThat(storedToIndexed.count()).isEqualTo(1);
        // the lag is measured from the paper's own storedAt: no longer than it has existed
        assertThat(storedToIndexed.max(TimeUnit.MILLISECONDS)).isBetween(0.0,
                (double) (System.currentTimeMillis() - moths.getDate("storedAt").getTime()));
        assertThat(metrics.get(FeederMetrics.POLL).tag("result", "changes").timer().count()).isEqualTo(1);
        assertThat(metrics.get(FeederMetrics.POLL).tag("result", "empty").timer().count()).isPositive();
        papers.updateOne(Filters.eq("_id", "2501.00003"), Updates.combine(
                Updates.set("title", "Debugging with bugs"), Updates.set("abstract", "Insects in relays.")));
        await().atMost(Duration.ofSeconds(10)).until(() -> search(searcher, "moths").isEmpty()
                && search(searcher, "bugs").equals(List.of("2501.00003")));
        papers.deleteOne(Filters.eq("_id", "2501.00002"));
        await().atMost(Duration.ofSeconds(10)).until(() -> search(searcher, "nanoseconds").isEmpty());

        feeder.stop();
        index.close();
        // written while this instance was down
        papers.insertOne(paper("2501.00004", "Written while down"));

        SearchIndex reopened = SearchIndex.open(dir, Duration.ofMillis(100));
        assertThat(reopened.commitData()).containsKey(MongoIndexFeeder.RESUME_TOKEN);
        MongoIndexFeeder again = feeder(reopened);
        PaperSearcher searcher2 = new PaperSearcher(reopened, "http://localhost");
        try {
            again.start();
            await().atMost(Duration.ofSeconds(10)).until(again::ready);
            assertThat(again.rebuilds()).as("no rebuild after a restart").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> search(searcher2, "down").equals(List.of("2501.00004")));
            assertThat(search(searcher2, "cobol")).containsExactly("2501.00001");
            assertThat(search(searcher2, "nanoseconds")).isEmpty();
            papers.insertOne(paper("2501.00005", "After the restart"));
            await().atMost(Duration.ofSeconds(10)).until(() -> search(searcher2, "restart").equals(List.of("2501.00005")));
            assertThat(reopened.docCount()).isEqualTo(4);
        } finally {
            again.stop();
            reopened.close();
        }
    }

    /**
     * The searchers' timed refresh is set to an hour here: a paper is found because the feeder refreshes them after
     * applying its batch, and the resume token is committed in the background while the feeder keeps running.
     */
    @Test
    void aPaperIsSearchableRightAfterItsBatchWithoutATimedRefresh() {
        papers.insertOne(paper("2506.00001", "Before the start"));
        SearchIndex index = SearchIndex.open(dir, Duration.ofHours(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        MongoIndexFeeder feeder = new MongoIndexFeeder(papers, index, Duration.ofMillis(200), Duration.ofMillis(100),
                metrics);
        PaperSearcher searcher = new PaperSearcher(index, "http://localhost");
        try {
            feeder.start();
            await().atMost(Duration.ofSeconds(10)).until(feeder::ready);
            String tokenWhenReady = index.commitData().get(MongoIndexFeeder.RESUME_TOKEN);

            papers.insertMany(List.of(paper("2506.00002", "Fresh telescopes"), paper("2506.00003", "Fresh lenses")));
            await().atMost(Duration.ofSeconds(10)).until(() -> search(searcher, "fresh").size() == 2);
            assertThat(metrics.get(FeederMetrics.STORED_TO_SEARCHABLE).timer().count()).isEqualTo(2);
            assertThat(metrics.get(FeederMetrics.REFRESH).timer().count()).isPositive();

            // committed by the committer thread, not at a stop: a crash now resumes after these papers
            await().atMost(Duration.ofSeconds(10)).until(() -> !java.util.Objects.equals(tokenWhenReady,
                    index.commitData().get(MongoIndexFeeder.RESUME_TOKEN)));
            assertThat(metrics.get(FeederMetrics.COMMIT).timer().count()).isPositive();
        } finally {
            feeder.stop();
            index.close();
        }
    }

    @Test
    void rebuildsWhenTheResumeTokenIsRejected() {
        papers.insertOne(paper("2502.00001", "Tokens that expired"));
        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        // an index with a document the store no longer has, and a token no server will accept
        index.upsert(PaperDocuments.toLucene(paper("2502.99999", "Ghost paper")));
        index.commit(Map.of(MongoIndexFeeder.RESUME_TOKEN, "{\"_data\": \"not-a-token\"}",
                MongoIndexFeeder.SCHEMA, IndexFields.SCHEMA_VERSION));
        MongoIndexFeeder feeder = feeder(index);
        PaperSearcher searcher = new PaperSearcher(index, "http://localhost");
        try {
            feeder.start();
            await().atMost(Duration.ofSeconds(10)).until(feeder::ready);
            assertThat(feeder.rebuilds()).isEqualTo(1);
            assertThat(search(searcher, "expired")).containsExactly("2502.00001");
            assertThat(search(searcher, "ghost")).isEmpty();
        } finally {
            feeder.stop();
            index.close();
        }
    }

    @Test
    void rebuildsAnIndexWrittenWithAnotherSchema() {
        papers.insertOne(paper("2503.00001", "Schemas that changed"));
        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        MongoIndexFeeder first = feeder(index);
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(first::ready);
        papers.insertOne(paper("2503.00002", "Followed changes")); // a change to resume after
        PaperSearcher before = new PaperSearcher(index, "http://localhost");
        await().atMost(Duration.ofSeconds(10)).until(() -> search(before, "followed").equals(List.of("2503.00002")));
        first.stop();
        // what a version without the schema mark left: a valid resume token, documents indexed the old way
        String token = index.commitData().get(MongoIndexFeeder.RESUME_TOKEN);
        assertThat(token).isNotNull();
        index.commit(Map.of(MongoIndexFeeder.RESUME_TOKEN, token));
        index.close();

        SearchIndex reopened = SearchIndex.open(dir, Duration.ofMillis(100));
        MongoIndexFeeder again = feeder(reopened);
        PaperSearcher searcher = new PaperSearcher(reopened, "http://localhost");
        try {
            again.start();
            await().atMost(Duration.ofSeconds(10)).until(again::ready);
            assertThat(again.rebuilds()).isEqualTo(1);
            assertThat(reopened.commitData()).containsEntry(MongoIndexFeeder.SCHEMA, IndexFields.SCHEMA_VERSION);
            assertThat(search(searcher, "schemas")).containsExactly("2503.00001");
            assertThat(search(searcher, "followed")).containsExactly("2503.00002");
        } finally {
            again.stop();
            reopened.close();
        }
    }

    /** Ids of every paper in the index (a fresh searcher over everything written so far). */
    private static Set<String> indexedIds(SearchIndex index) {
        index.refresh();
        return index.withSearcher(searcher -> {
            Set<String> ids = new HashSet<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(new MatchAllDocsQuery(), Integer.MAX_VALUE).scoreDocs) {
                ids.add(stored.document(hit.doc, Set.of(IndexFields.ID)).get(IndexFields.ID));
            }
            return ids;
        });
    }

    private static int countMatching(SearchIndex index, String word) {
        return index.withSearcher(searcher -> searcher.count(new TermQuery(new Term(IndexFields.TEXT, word))));
    }

    /**
     * A rebuild (here after a rejected token, so the schema mark stays) stopped halfway: the old feeder committed a
     * resume token for it, and with as many documents as the store the restart resumed instead of rebuilding, so the
     * papers the scan never reached stayed stale. (The embedded server gives no token before the first event, so
     * this shows on real MongoDB: {@code -Dpaperboy.test.mongo=testcontainers}.)
     */
    @Test
    void aRebuildStoppedHalfwayIsRedoneAfterARestart() {
        int n = 20_000;
        List<Document> fresh = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fresh.add(paper(String.format("2504.%05d", i), "Fresh results " + i));
        }
        papers.insertMany(fresh);
        // what the store held before the token was lost: the same papers, stale, and one the store no longer has
        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        for (int i = 0; i < n; i++) {
            index.upsert(PaperDocuments.toLucene(paper(String.format("2504.%05d", i), "Stale results " + i)));
        }
        index.upsert(PaperDocuments.toLucene(paper("2504.99999", "Ghost paper")));
        index.commit(Map.of(MongoIndexFeeder.RESUME_TOKEN, "{\"_data\": \"not-a-token\"}",
                MongoIndexFeeder.SCHEMA, IndexFields.SCHEMA_VERSION));

        MongoIndexFeeder first = feeder(index);
        first.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> countMatching(index, "fresh") > 0);
        papers.insertOne(paper("2504.50000", "Written during the rebuild"));
        first.stop();
        assertThat(countMatching(index, "stale")).as("stopped before the rebuild reached every paper").isPositive();
        index.close();

        SearchIndex reopened = SearchIndex.open(dir, Duration.ofMillis(100));
        assertThat(reopened.commitData()).as("an incomplete index holds no token").doesNotContainKey(MongoIndexFeeder.RESUME_TOKEN);
        MongoIndexFeeder again = feeder(reopened);
        try {
            again.start();
            await().atMost(Duration.ofSeconds(60)).until(again::ready);
            Set<String> inMongo = new HashSet<>();
            papers.find().projection(new Document("_id", 1)).forEach(d -> inMongo.add(d.getString("_id")));
            assertThat(indexedIds(reopened)).isEqualTo(inMongo);
            assertThat(countMatching(reopened, "stale")).isZero();
            assertThat(countMatching(reopened, "fresh")).isEqualTo(n);
        } finally {
            again.stop();
            reopened.close();
        }
    }

    @Test
    void aFirstBuildStoppedHalfwayIsRedoneAfterARestart() {
        int n = 20_000;
        List<Document> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(paper(String.format("2505.%05d", i), "Paper number " + i));
        }
        papers.insertMany(all);
        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        MongoIndexFeeder first = feeder(index);
        first.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> index.docCount() > 0);
        first.stop();
        assertThat(index.docCount()).as("stopped before the build reached every paper").isLessThan(n);
        index.close();

        SearchIndex reopened = SearchIndex.open(dir, Duration.ofMillis(100));
        assertThat(reopened.commitData()).doesNotContainKey(MongoIndexFeeder.RESUME_TOKEN);
        MongoIndexFeeder again = feeder(reopened);
        try {
            again.start();
            await().atMost(Duration.ofSeconds(60)).until(again::ready);
            assertThat(again.rebuilds()).isEqualTo(1);
            Set<String> inMongo = new HashSet<>();
            papers.find().projection(new Document("_id", 1)).forEach(d -> inMongo.add(d.getString("_id")));
            assertThat(indexedIds(reopened)).hasSize(n).isEqualTo(inMongo);
        } finally {
            again.stop();
            reopened.close();
        }
    }
}

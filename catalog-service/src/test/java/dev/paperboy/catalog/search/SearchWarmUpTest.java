package dev.paperboy.catalog.search;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.paperboy.testsupport.SharedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The start-up warm-up of the search paths: what it runs, that it leaves nothing behind, that readiness waits. */
class SearchWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void indexesAndSearchesInAThrowawayIndexThatIsDeletedAfterwards() {
        SearchWarmUp warmUp = new SearchWarmUp(3, Duration.ofMinutes(1), JsonMapper.builder().build());
        assertThat(warmUp.done()).isFalse();

        SearchWarmUp.Result result = warmUp.run();

        assertThat(result.rounds()).isEqualTo(3);
        assertThat(result.papers()).isEqualTo(120);
        // every kind of request ran, and they found the papers just indexed
        assertThat(result.searches()).isGreaterThanOrEqualTo(3 * 7);
        assertThat(result.found()).isPositive();
        assertThat(result.directory()).isNotNull();
        assertThat(Files.exists(result.directory())).as("the throwaway index is deleted").isFalse();
        assertThat(warmUp.done()).isTrue();
        assertThat(warmUp.result()).isEqualTo(result);
    }

    @Test
    void stopsAtItsBudgetOnceTheMinimumRoundsAreDoneAndCountsAsDone() {
        SearchWarmUp warmUp = new SearchWarmUp(1_000, Duration.ZERO, null);

        SearchWarmUp.Result result = warmUp.run();

        assertThat(result.rounds()).isEqualTo(SearchWarmUp.MIN_ROUNDS);
        assertThat(warmUp.done()).as("readiness is not held by a warm-up that ran out of time").isTrue();
    }

    @Test
    void runsNoMoreThanItsRoundsAndNoneWhenTurnedOff() {
        assertThat(new SearchWarmUp(1, Duration.ofMinutes(1), null).run().rounds()).isEqualTo(1);
        assertThat(new SearchWarmUp(0, Duration.ofMinutes(1), null).run().rounds()).isZero();
    }

    /** A warm-up collection left by a crash is dropped by a later start once it is old; nothing else is. */
    @Test
    void dropsOnlyOldWarmUpCollectionsLeftByEarlierStarts() {
        SharedMongo.assumeAvailable();
        try (MongoClient client = MongoClients.create(SharedMongo.uri("catalog-search-warm-up-leftovers"))) {
            MongoDatabase database = client.getDatabase("catalog-search-warm-up-leftovers");
            database.drop();
            long now = System.currentTimeMillis();
            String old = ChangeStreamWarmUp.PREFIX + (now - Duration.ofHours(1).toMillis()) + "-crashed";
            String recent = ChangeStreamWarmUp.PREFIX + (now - 1_000) + "-starting";
            for (String name : List.of(old, recent, "papers", ChangeStreamWarmUp.PREFIX + "notatime")) {
                database.getCollection(name).insertOne(new Document("_id", 1));
            }

            ChangeStreamWarmUp.dropLeftovers(database, now);

            assertThat(database.listCollectionNames()).containsExactlyInAnyOrder(recent, "papers",
                    ChangeStreamWarmUp.PREFIX + "notatime");
        }
    }

    /** The real index stays as the feeder made it: the warm-up's papers are never in it. */
    @Test
    void readinessWaitsForTheWarmUpWhichLeavesTheRealIndexUntouched() {
        SharedMongo.assumeAvailable();
        try (MongoClient client = MongoClients.create(SharedMongo.uri("catalog-search-warm-up"))) {
            MongoCollection<Document> papers = client.getDatabase("catalog-search-warm-up").getCollection("papers");
            papers.deleteMany(new Document());
            papers.insertOne(MongoIndexFeederTest.paper("2507.00001", "Lighthouses at dusk"));
            SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
            MongoIndexFeeder feeder = new MongoIndexFeeder(papers, index, Duration.ofMillis(300),
                    Duration.ofMillis(100));
            MongoDatabase warmUpDatabase = client.getDatabase(
                    ChangeStreamWarmUp.databaseName("catalog-search-warm-up"));
            SearchWarmUp warmUp = new SearchWarmUp(2, Duration.ofMinutes(1), null, warmUpDatabase,
                    Duration.ofMillis(100));
            HealthIndicator searchIndex = new SearchConfiguration().searchIndexHealthIndicator(feeder, index, warmUp,
                    new SearchHttpWarmUp(new GenericApplicationContext()));
            try {
                feeder.start();
                await().atMost(Duration.ofSeconds(10)).until(feeder::ready);
                assertThat(searchIndex.health().getStatus()).as("caught up but not warmed up").isEqualTo(Status.DOWN);

                warmUp.start();
                await().atMost(Duration.ofSeconds(60)).until(warmUp::done);
                assertThat(searchIndex.health().getStatus()).isEqualTo(Status.UP);
                assertThat(warmUp.result().papers()).isEqualTo(80);
                // both rounds came through the throwaway collection's change stream: 40 inserts and 4 updates each
                assertThat(warmUp.result().changeEvents()).isEqualTo(88);
                assertThat(warmUp.result().collection()).startsWith(ChangeStreamWarmUp.PREFIX);
                assertThat(warmUpDatabase.listCollectionNames()).as("the throwaway collection is dropped").isEmpty();
                assertThat(client.getDatabase("catalog-search-warm-up").listCollectionNames())
                        .as("nothing was written to the catalog's database").containsExactly("papers");
                assertThat(papers.countDocuments()).isEqualTo(1);
                assertThat(feeder.rebuilds()).as("the warm-up's drop is not a change of papers").isEqualTo(1);
                assertThat(feeder.lastError()).isNull();

                PaperSearcher searcher = new PaperSearcher(index, "http://localhost");
                assertThat(index.docCount()).isEqualTo(1);
                assertThat(searcher.search(PaperQuery.listing(20)).items()).extracting(PaperItem::id)
                        .containsExactly("2507.00001");
                assertThat(searcher.search(new PaperQuery(null, null, null, SortOrder.RECENT, null, null,
                        SearchWarmUp.KEYWORD, null, null, null, null, 20, null, java.time.Instant.now())).items())
                        .isEmpty();
                assertThat(index.commitData()).doesNotContainKey("warmUp");
            } finally {
                feeder.stop();
                index.close();
            }
            assertThat(List.of(dir.toFile().list())).isNotEmpty(); // the real index is still on disk
        }
    }
}

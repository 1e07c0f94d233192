package dev.paperboy.catalog.trending;

import dev.paperboy.catalog.CatalogTest;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.contracts.TrendingWindow;
import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static dev.paperboy.catalog.CatalogTestSupport.id;
import static dev.paperboy.catalog.CatalogTestSupport.paper;
import static dev.paperboy.catalog.CatalogTestSupport.readAll;
import static dev.paperboy.catalog.CatalogTestSupport.totalEndOffset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Snapshots are published on trending.v1 only when a window's ranking changes, and served by GET /api/trending.
 * The papers live in 2030 so that no other test's papers fall into these windows.
 */
@CatalogTest
class TrendingPublicationTest {

    private static final int RANGE = 3;
    private static final Instant NOW = Instant.parse("2030-01-10T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2030, 1, 10);

    @Autowired
    TrendingService trending;

    @Autowired
    PaperStore store;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void freshSnapshots() {
        mongo.getCollection(TrendingService.COLLECTION).deleteMany(new org.bson.Document());
    }

    @Test
    void publishesOnlyWhenTheRankingChanges() {
        String a = id(RANGE, 1);
        String b = id(RANGE, 2);
        store.apply(List.of(
                paper(a, 1, 30, NOW.minusSeconds(3600), TODAY, "Paper A"),
                paper(b, 1, 10, NOW.minusSeconds(3600), TODAY, "Paper B")));

        long before = totalEndOffset(Topics.TRENDING);
        List<TrendingService.WindowResult> first = trending.run(NOW);
        assertThat(first).allMatch(TrendingService.WindowResult::published);
        assertThat(first.getFirst().ids()).containsExactly(a, b);
        assertThat(totalEndOffset(Topics.TRENDING)).isEqualTo(before + 2);

        // same ranking (scores moved with time, order did not): nothing published
        List<TrendingService.WindowResult> second = trending.run(NOW.plusSeconds(600));
        assertThat(second).noneMatch(TrendingService.WindowResult::published);
        assertThat(totalEndOffset(Topics.TRENDING)).isEqualTo(before + 2);

        // B overtakes A: both windows change
        store.apply(List.of(paper(b, 1, 90, NOW.plusSeconds(900), TODAY, "Paper B")));
        List<TrendingService.WindowResult> third = trending.run(NOW.plusSeconds(1200));
        assertThat(third).allMatch(TrendingService.WindowResult::published);
        assertThat(third.getFirst().ids()).containsExactly(b, a);
        assertThat(totalEndOffset(Topics.TRENDING)).isEqualTo(before + 4);

        List<ConsumerRecord<String, byte[]>> records = readAll(Topics.TRENDING, (int) before + 4);
        ConsumerRecord<String, byte[]> lastDay = records.stream().filter(r -> "day".equals(r.key()))
                .reduce((x, y) -> y).orElseThrow();
        TrendingSnapshot snapshot = EventCodec.fromJson(lastDay.value(), TrendingSnapshot.class);
        assertThat(snapshot.window()).isEqualTo(TrendingWindow.DAY);
        assertThat(snapshot.snapshotId()).isEqualTo(third.getFirst().snapshotId());
        assertThat(snapshot.entries()).extracting(e -> e.id()).containsExactly(b, a);
        assertThat(snapshot.entries().getFirst().upvotes()).isEqualTo(90);
        assertThat(snapshot.entries().getFirst().title()).isEqualTo("Paper B");
        assertThat(snapshot.entries().getFirst().authors()).containsExactly("Ada Lovelace", "Alan Turing");
        assertThat(snapshot.entries().getFirst().link()).isEqualTo("http://catalog.test/api/papers/" + b);
    }

    @Test
    void servesTheLastPublishedSnapshotPerWindow() throws Exception {
        String c = id(RANGE, 3);
        store.apply(List.of(paper(c, 1, 5, NOW.minusSeconds(60), TODAY.minusDays(4), "Paper C")));
        trending.run(NOW);

        mvc.perform(get("/api/trending").param("window", "week"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.window").value("week"))
                .andExpect(jsonPath("$.entries[?(@.id == '" + c + "')].rank").exists())
                .andExpect(jsonPath("$.snapshotId").isString());
        mvc.perform(get("/api/trending")) // day by default; C is four days old
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.window").value("day"))
                .andExpect(jsonPath("$.entries[?(@.id == '" + c + "')]").isEmpty());
    }

    @Test
    void aBadWindowIsA400ProblemNamingTheParameter() throws Exception {
        mvc.perform(get("/api/trending").param("window", "month"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("window"))
                .andExpect(jsonPath("$.errors[0].message").value("must be day or week"));
    }

    @Test
    void theAdminRunNeedsTheApiKey() throws Exception {
        mvc.perform(post("/api/admin/trending/run"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
        mvc.perform(post("/api/admin/trending/run").header("X-API-Key", "wrong"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/admin/trending/run").header("X-API-Key", "test-api-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.windows.length()").value(2))
                .andExpect(jsonPath("$.windows[0].window").value("day"))
                .andExpect(jsonPath("$.windows[1].window").value("week"))
                .andExpect(jsonPath("$.ranAt").isString());
    }
}

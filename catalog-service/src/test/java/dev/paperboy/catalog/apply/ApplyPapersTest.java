package dev.paperboy.catalog.apply;

import dev.paperboy.catalog.CatalogTest;
import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.paperboy.catalog.CatalogTestSupport.awaitConsumed;
import static dev.paperboy.catalog.CatalogTestSupport.id;
import static dev.paperboy.catalog.CatalogTestSupport.paper;
import static dev.paperboy.catalog.CatalogTestSupport.publish;
import static dev.paperboy.catalog.CatalogTestSupport.readAll;
import static dev.paperboy.catalog.CatalogTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/** The papers.v1 consumer end to end: real broker, real consumer group "catalog", Mongo-wire store. */
@CatalogTest
class ApplyPapersTest {

    private static final int RANGE = 1;
    private static final Instant T0 = Instant.parse("2025-12-11T08:00:00Z");

    @Autowired
    PaperStore store;

    @Autowired
    MeterRegistry meters;

    @Test
    void sameEventThreeTimesGivesOneDocumentWrittenOnce() {
        PaperEvent event = paper(id(RANGE, 1), 2, 17, T0);
        double unchangedBefore = meters.counter("paperboy.catalog.applied", "result", "unchanged").count();
        publish(event, event, event);
        awaitConsumed("catalog");

        // what the operators' dashboard reads: the two redeliveries counted as applied without a change
        assertThat(meters.counter("paperboy.catalog.applied", "result", "unchanged").count() - unchangedBefore)
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("paperboy.catalog.apply").timer().count()).isPositive();

        assertThat(store.collection().countDocuments(new Document("_id", event.id()))).isEqualTo(1);
        Document stored = store.find(event.id()).orElseThrow();
        assertThat(stored.get(PaperFields.REV)).isEqualTo(1L); // the redeliveries changed nothing
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(17);
        assertThat((List<?>) stored.get(PaperFields.HISTORY)).hasSize(1);
        assertThat(PaperFields.toEvent(stored)).isEqualTo(PaperFields.truncateInstants(event));
    }

    @Test
    void olderEventsAfterNewerOnesNeverRegressThePaper() {
        String id = id(RANGE, 2);
        PaperEvent v3 = paper(id, 3, 50, T0.plusSeconds(3600), null, "Version three");
        PaperEvent v2Later = paper(id, 2, 70, T0.plusSeconds(7200), null, "Version two seen later");
        PaperEvent v3Earlier = paper(id, 3, 40, T0, null, "Version three seen earlier");
        publish(v3);
        awaitConsumed("catalog");
        double hitsBefore = cacheHits();
        publish(v2Later, v3Earlier);
        awaitConsumed("catalog");
        // the paper this instance had just written was merged from its write cache, not read first
        assertThat(cacheHits() - hitsBefore).isGreaterThanOrEqualTo(1);

        Document stored = store.find(id).orElseThrow();
        assertThat(stored.getInteger(PaperFields.VERSION)).isEqualTo(3);
        assertThat(stored.getString(PaperFields.TITLE)).isEqualTo("Version three");
        assertThat(stored.getInteger(PaperFields.UPVOTES)).isEqualTo(50);
        // every upvote observation is kept in time order, whatever order it came in
        assertThat(((List<?>) stored.get(PaperFields.HISTORY)).stream()
                .map(o -> ((Document) o).getInteger(PaperFields.HISTORY_UPVOTES)).toList())
                .containsExactly(40, 50, 70);
        assertThat(PaperFields.instant(stored, PaperFields.FIRST_SEEN_AT)).isEqualTo(T0);
    }

    private double cacheHits() {
        return meters.get("paperboy.catalog.write.cache").tag("result", "hit").functionCounter().count();
    }

    @Test
    void newerObservationReplacesButUnknownFieldsKeepTheirValues() {
        String id = id(RANGE, 3);
        publish(paper(id, 1, 5, T0));
        PaperEvent arxivV2 = new PaperEvent(1, UUID.randomUUID().toString(), id + "v2", null, "Revised title",
                "Revised abstract", List.of("Ada Lovelace"), List.of("cs.LG"), "cs.LG", List.of(),
                Instant.parse("2025-12-09T17:00:00Z"), Instant.parse("2025-12-12T10:00:00Z"), null, null, null,
                null, null, null, null, "10.1000/x", null, null, dev.paperboy.contracts.Source.ARXIV,
                T0.plusSeconds(60));
        publish(arxivV2);
        awaitConsumed("catalog");

        PaperEvent stored = PaperFields.toEvent(store.find(id).orElseThrow());
        assertThat(stored.version()).isEqualTo(2);              // from the versioned id
        assertThat(stored.title()).isEqualTo("Revised title");
        assertThat(stored.doi()).isEqualTo("10.1000/x");
        assertThat(stored.upvotes()).isEqualTo(5);              // arXiv does not know upvotes: kept
        assertThat(stored.dailyDate()).isNotNull();             // nor the Daily Papers day
        assertThat(stored.keywords()).containsExactly("pre-training", "initialization");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheNextRecordIsApplied() {
        String marker = UUID.randomUUID().toString();
        send(Topics.PAPERS, "bad-json-" + marker, "{not json".getBytes(StandardCharsets.UTF_8));
        send(Topics.PAPERS, "no-id-" + marker, "{\"title\":\"no id\"}".getBytes(StandardCharsets.UTF_8));
        send(Topics.PAPERS, "bad-id-" + marker,
                "{\"id\":\"{\\\"$gt\\\": \\\"\\\"}\",\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        PaperEvent good = paper(id(RANGE, 4), 1, 1, T0);
        publish(good);
        awaitConsumed("catalog");

        assertThat(store.find(good.id())).isPresent();
        List<ConsumerRecord<String, byte[]>> dead = readAll(Topics.PAPERS_DLQ, 3).stream()
                .filter(r -> r.key() != null && r.key().endsWith(marker)).toList();
        assertThat(dead).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("bad-json-" + marker, "no-id-" + marker, "bad-id-" + marker);
        assertThat(reason(dead, "bad-json-")).startsWith("undecodable JSON");
        assertThat(reason(dead, "no-id-")).isEqualTo("missing id");
        assertThat(reason(dead, "bad-id-")).contains("is not an arXiv id");
        ConsumerRecord<String, byte[]> badJson = dead.stream().filter(r -> r.key().startsWith("bad-json-"))
                .findFirst().orElseThrow();
        assertThat(new String(badJson.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(badJson, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.PAPERS);
        assertThat(header(badJson, DeadLetters.ORIGINAL_OFFSET)).matches("\\d+");
        // and nothing valid went to the dead letters
        assertThat(readAll(Topics.PAPERS_DLQ, 0)).noneMatch(r -> good.id().equals(r.key()));
    }

    @Test
    void aBatchWithManyPapersIsAppliedAsOneBulk() {
        PaperEvent[] events = new PaperEvent[200];
        for (int i = 0; i < events.length; i++) {
            events[i] = paper(id(RANGE, 100 + i), 1, i, T0);
        }
        publish(events);
        awaitConsumed("catalog");
        for (PaperEvent event : events) {
            Optional<Document> stored = store.find(event.id());
            assertThat(stored).isPresent();
            assertThat(EventCodec.toJson(PaperFields.toEvent(stored.get())))
                    .isEqualTo(EventCodec.toJson(PaperFields.truncateInstants(event)));
        }
    }

    private static String reason(List<ConsumerRecord<String, byte[]>> records, String keyPrefix) {
        return header(records.stream().filter(r -> r.key().startsWith(keyPrefix)).findFirst().orElseThrow(),
                DeadLetters.REASON);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

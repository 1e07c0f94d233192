package dev.paperboy.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendingSnapshotContractTest {

    @Test
    void roundTripsAndUsesLowerCaseWindow() {
        TrendingSnapshot snapshot = new TrendingSnapshot(TrendingSnapshot.SCHEMA_VERSION, "s-1", TrendingWindow.WEEK,
                Instant.parse("2025-12-11T06:00:00Z"), List.of(
                new TrendingEntry(1, "2508.11442", "CoDiEmb", List.of("Bowen Zhang"), "Learning unified…",
                        List.of("embeddings"), List.of("cs.IR"), 12, 3.25, LocalDate.parse("2025-08-15"),
                        "http://localhost:8082/api/papers/2508.11442")));
        byte[] json = EventCodec.toJson(snapshot);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"window\":\"week\"");
        assertThat(EventCodec.fromJson(json, TrendingSnapshot.class)).isEqualTo(snapshot);
        assertThat(snapshot.entries().get(0).arxivLink()).isEqualTo("https://arxiv.org/abs/2508.11442");
    }

    @Test
    void carriesThePapersTraceContextWhenThereIsOne() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TrendingEntry entry = new TrendingEntry(1, "2508.11442", "T", List.of(), null, List.of(), List.of(), 1, 1.0,
                null, "http://localhost:8082/api/papers/2508.11442", traceparent);
        byte[] json = EventCodec.toJson(entry);
        assertThat(EventCodec.fromJson(json, TrendingEntry.class).traceparent()).isEqualTo(traceparent);
        TrendingEntry without = new TrendingEntry(1, "2508.11442", "T", List.of(), null, List.of(), List.of(), 1, 1.0,
                null, "http://localhost:8082/api/papers/2508.11442");
        assertThat(new String(EventCodec.toJson(without), StandardCharsets.UTF_8)).doesNotContain("traceparent");
    }

    @Test
    void toleratesUnknownFieldsAtEveryLevel() {
        String json = """
                {"schemaVersion":1,"snapshotId":"s","window":"day","generatedAt":"2025-12-11T06:00:00Z",
                 "algorithm":"gravity-v2",
                 "entries":[{"rank":1,"id":"2508.11442","title":"T","upvotes":3,"score":1.5,"badge":"hot"}]}""";
        TrendingSnapshot snapshot = EventCodec.fromJson(json, TrendingSnapshot.class);
        assertThat(snapshot.window()).isEqualTo(TrendingWindow.DAY);
        assertThat(snapshot.entries()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("2508.11442");
            assertThat(e.authors()).isEmpty();
        });
    }

    @Test
    void windowNamesParseStrictly() {
        assertThat(TrendingWindow.fromWireName("day")).isEqualTo(TrendingWindow.DAY);
        assertThatThrownBy(() -> TrendingWindow.fromWireName("month"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("day or week");
    }
}

package dev.paperboy.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaperEventContractTest {

    static PaperEvent sample() {
        return new PaperEvent(PaperEvent.SCHEMA_VERSION, "e-1", "2508.11442", 2,
                "CoDiEmb: $\\mathcal{B}$-Coder & <friends>", "Learning unified text embeddings…",
                List.of("Bowen Zhang", "Zixin Song"), List.of("cs.IR", "cs.CL"), "cs.IR", List.of("embeddings"),
                Instant.parse("2025-08-15T17:00:00Z"), Instant.parse("2025-08-16T09:00:00Z"),
                LocalDate.parse("2025-08-15"), 12, 3, "https://github.com/x/y", 40, "https://x.github.io",
                "Tencent", "10.1000/xyz", "NeurIPS 2025", "12 pages", Source.HUGGINGFACE,
                Instant.parse("2025-08-16T10:00:00Z"));
    }

    @Test
    void roundTripsEveryField() {
        PaperEvent event = sample();
        assertThat(EventCodec.fromJson(EventCodec.toJson(event), PaperEvent.class)).isEqualTo(event);
    }

    @Test
    void writesTheDocumentedWireNames() {
        String json = new String(EventCodec.toJson(sample()), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"abstract\":\"Learning unified")
                .contains("\"source\":\"huggingface\"")
                .contains("\"dailyDate\":\"2025-08-15\"")
                .contains("\"publishedAt\":\"2025-08-15T17:00:00Z\"")
                .doesNotContain("abstractText");
    }

    @Test
    void carriesAffiliationsWhenTheSourceKnowsThem() {
        PaperEvent plain = sample();
        assertThat(plain.affiliations()).isEmpty();
        assertThat(new String(EventCodec.toJson(plain), StandardCharsets.UTF_8)).doesNotContain("affiliations");
        PaperEvent fromArxiv = new PaperEvent(1, "e-2", "2508.11442", 2, "T", "A", List.of("Bowen Zhang"),
                List.of("cs.IR"), "cs.IR", List.of(), null, null, null, null, null, null, null, null, null,
                List.of("Tsinghua University", "Tencent"), null, null, null, Source.ARXIV,
                Instant.parse("2025-08-16T10:00:00Z"));
        byte[] json = EventCodec.toJson(fromArxiv);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"affiliations\":[\"Tsinghua University\",\"Tencent\"]");
        assertThat(EventCodec.fromJson(json, PaperEvent.class)).isEqualTo(fromArxiv);
    }

    @Test
    void toleratesUnknownFieldsFromANewerWriter() {
        String json = """
                {"schemaVersion":2,"eventId":"e-9","id":"hep-th/9901001","version":1,"title":"T",
                 "abstract":"A","authors":["A. Author"],"source":"arxiv","observedAt":"2025-01-01T00:00:00Z",
                 "futureField":{"nested":[1,2,3]},"anotherOne":"x"}""";
        PaperEvent event = EventCodec.fromJson(json, PaperEvent.class);
        assertThat(event.id()).isEqualTo("hep-th/9901001");
        assertThat(event.schemaVersion()).isEqualTo(2);
        assertThat(event.source()).isEqualTo(Source.ARXIV);
        assertThat(event.categories()).isEmpty();
        assertThat(event.upvotes()).isNull();
    }

    @Test
    void newerVersionWinsThenLaterUpdateThenLaterObservation() {
        PaperEvent v2 = sample();
        PaperEvent v1 = withVersion(v2, 1);
        assertThat(v2.isNewerThan(v1)).isTrue();
        assertThat(v1.isNewerThan(v2)).isFalse();
        assertThat(v2.isNewerThan(v2)).as("re-applying the same event changes nothing").isFalse();
        assertThat(v2.isNewerThan(null)).isTrue();

        PaperEvent laterObservation = new PaperEvent(1, "e-2", v2.id(), v2.version(), v2.title(), v2.abstractText(),
                v2.authors(), v2.categories(), v2.primaryCategory(), v2.keywords(), v2.publishedAt(),
                v2.updatedAt(), v2.dailyDate(), 99, v2.comments(), v2.githubRepo(), v2.githubStars(),
                v2.projectPage(), v2.organization(), v2.doi(), v2.journalRef(), v2.comment(), v2.source(),
                v2.observedAt().plusSeconds(60));
        assertThat(laterObservation.isNewerThan(v2)).isTrue();
        assertThat(v2.isNewerThan(laterObservation)).isFalse();
    }

    private static PaperEvent withVersion(PaperEvent e, Integer version) {
        return new PaperEvent(1, e.eventId(), e.id(), version, e.title(), e.abstractText(), e.authors(),
                e.categories(), e.primaryCategory(), e.keywords(), e.publishedAt(), e.updatedAt(), e.dailyDate(),
                e.upvotes(), e.comments(), e.githubRepo(), e.githubStars(), e.projectPage(), e.organization(),
                e.doi(), e.journalRef(), e.comment(), e.source(), e.observedAt());
    }
}

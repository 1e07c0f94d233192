package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaperMergerTest {

    static PaperEvent paper(Source source, Integer version, String title, Integer upvotes, String doi) {
        return new PaperEvent(1, "e", "2412.07762", version, title, "abstract of " + source, List.of("A"),
                source == Source.ARXIV ? List.of("cs.LG") : List.of(), null,
                source == Source.HUGGINGFACE ? List.of("rl") : List.of(), Instant.parse("2024-12-10T00:00:00Z"),
                null, source == Source.HUGGINGFACE ? LocalDate.parse("2024-12-11") : null, upvotes, null, null,
                null, null, null, doi, null, null, source, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void arxivWinsBibliographicFieldsAndHuggingFaceKeepsCommunityFields() {
        PaperEvent hf = paper(Source.HUGGINGFACE, null, "HF title", 12, null);
        PaperEvent arxiv = paper(Source.ARXIV, 3, "arXiv title", null, "10.1/x");

        PaperMerger.Merged afterArxiv = PaperMerger.merge(hf, false, arxiv);
        assertThat(afterArxiv.paper().title()).isEqualTo("arXiv title");
        assertThat(afterArxiv.paper().upvotes()).isEqualTo(12);
        assertThat(afterArxiv.paper().keywords()).containsExactly("rl");
        assertThat(afterArxiv.paper().dailyDate()).isEqualTo(LocalDate.parse("2024-12-11"));
        assertThat(afterArxiv.paper().version()).isEqualTo(3);
        assertThat(afterArxiv.paper().doi()).isEqualTo("10.1/x");
        assertThat(afterArxiv.bibliographicFromArxiv()).isTrue();

        PaperMerger.Merged hfAgain = PaperMerger.merge(afterArxiv.paper(), true,
                paper(Source.HUGGINGFACE, null, "HF retitled", 20, null));
        assertThat(hfAgain.paper().title()).isEqualTo("arXiv title");
        assertThat(hfAgain.paper().abstractText()).isEqualTo("abstract of ARXIV");
        assertThat(hfAgain.paper().categories()).containsExactly("cs.LG");
        assertThat(hfAgain.paper().upvotes()).isEqualTo(20);
        assertThat(hfAgain.paper().version()).isEqualTo(3);
        assertThat(hfAgain.bibliographicFromArxiv()).isTrue();
    }

    @Test
    void affiliationsComeFromArxivAndSurviveAHuggingFaceObservation() {
        PaperEvent arxiv = paper(Source.ARXIV, 3, "arXiv title", null, null);
        PaperEvent withAffiliations = new PaperEvent(1, "e", arxiv.id(), 3, arxiv.title(), arxiv.abstractText(),
                arxiv.authors(), arxiv.categories(), null, List.of(), arxiv.publishedAt(), null, null, null, null,
                null, null, null, null, List.of("ByteDance", "Stanford"), null, null, null, Source.ARXIV,
                arxiv.observedAt());
        PaperMerger.Merged merged = PaperMerger.merge(withAffiliations, true,
                paper(Source.HUGGINGFACE, null, "HF title", 5, null));
        assertThat(merged.paper().affiliations()).containsExactly("ByteDance", "Stanford");
        assertThat(merged.paper().upvotes()).isEqualTo(5);
    }

    @Test
    void aHigherVersionFromAnySourceReplacesTheTextAndALowerOneNeverDoes() {
        PaperEvent arxivV2 = paper(Source.ARXIV, 2, "v2 title", null, null);
        PaperMerger.Merged v3 = PaperMerger.merge(arxivV2, true, paper(Source.API, 3, "v3 title", null, null));
        assertThat(v3.paper().title()).isEqualTo("v3 title");
        assertThat(v3.paper().version()).isEqualTo(3);

        PaperMerger.Merged stale = PaperMerger.merge(v3.paper(), true, paper(Source.ARXIV, 1, "v1 title", null,
                null));
        assertThat(stale.paper().title()).isEqualTo("v3 title");
        assertThat(stale.paper().version()).isEqualTo(3);
    }

    @Test
    void fingerprintIgnoresObservationDetailsButSeesReaderVisibleChanges() {
        PaperEvent a = paper(Source.HUGGINGFACE, null, "T", 5, null);
        PaperEvent sameSeenLater = new PaperEvent(1, "other-event", a.id(), a.version(), a.title(), a.abstractText(),
                a.authors(), a.categories(), a.primaryCategory(), a.keywords(), a.publishedAt(), a.updatedAt(),
                a.dailyDate(), a.upvotes(), a.comments(), a.githubRepo(), a.githubStars(), a.projectPage(),
                a.organization(), a.doi(), a.journalRef(), a.comment(), Source.FILE, Instant.now());
        assertThat(PaperStateStore.fingerprint(sameSeenLater)).isEqualTo(PaperStateStore.fingerprint(a));
        assertThat(PaperStateStore.fingerprint(paper(Source.HUGGINGFACE, null, "T", 6, null)))
                .isNotEqualTo(PaperStateStore.fingerprint(a));
    }
}

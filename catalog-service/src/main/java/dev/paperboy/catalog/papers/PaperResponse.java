package dev.paperboy.catalog.papers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.paperboy.contracts.PaperEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A paper as {@code GET /api/papers/{id}} returns it (nulls included, so clients see every field). */
record PaperResponse(
        String id,
        Integer version,
        String title,
        @JsonProperty("abstract") String abstractText,
        List<String> authors,
        List<String> categories,
        String primaryCategory,
        List<String> keywords,
        Instant publishedAt,
        Instant updatedAt,
        LocalDate dailyDate,
        Integer upvotes,
        Integer comments,
        String githubRepo,
        Integer githubStars,
        String projectPage,
        String organization,
        List<String> affiliations,
        String doi,
        String journalRef,
        String comment,
        String source,
        Links links) {

    record Links(String self, String arxiv, String pdf) {
    }

    static PaperResponse of(PaperEvent p, String publicUrl) {
        String versioned = p.version() == null ? p.id() : p.id() + "v" + p.version();
        Links links = new Links(publicUrl + "/api/papers/" + p.id(), "https://arxiv.org/abs/" + p.id(),
                "https://arxiv.org/pdf/" + versioned);
        return new PaperResponse(p.id(), p.version(), p.title(), p.abstractText(), p.authors(), p.categories(),
                p.primaryCategory(), p.keywords(), p.publishedAt(), p.updatedAt(), p.dailyDate(), p.upvotes(),
                p.comments(), p.githubRepo(), p.githubStars(), p.projectPage(), p.organization(),
                p.affiliations(), p.doi(), p.journalRef(), p.comment(),
                p.source() == null ? null : p.source().wireName(), links);
    }
}

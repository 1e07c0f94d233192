package dev.paperboy.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One observation of a paper, as published on {@link Topics#PAPERS} with key {@link #id()}.
 * <p>
 * A consumer keeps the newest observation per paper: ordered by {@link #version()}, then {@link #updatedAt()},
 * then {@link #observedAt()} (see {@link #isNewerThan(PaperEvent)}). Counters ({@code upvotes}, {@code comments},
 * {@code githubStars}) are as observed at {@code observedAt}; null means "this source does not know", never zero.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION} when written; readers tolerate newer ones with unknown fields
 * @param eventId        unique per published event (a UUID), for tracing and dead-letter analysis
 * @param id             canonical arXiv id without version ({@code 2412.07762}, {@code hep-th/9901001})
 * @param version        arXiv version number (3 for {@code v3}), null when the source does not say
 * @param title          whitespace-normalised title, LaTeX kept as written
 * @param abstractText   whitespace-normalised abstract (JSON field {@code abstract})
 * @param authors        author names in paper order
 * @param categories     arXiv categories, primary first when known
 * @param dailyDate      the Hugging Face Daily Papers day: UTC date of {@code submittedOnDailyAt}
 * @param organization   the organisation Hugging Face lists the paper under
 * @param affiliations   the authors' affiliations as the arXiv feed gives them, distinct, in author order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaperEvent(
        int schemaVersion,
        String eventId,
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
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> affiliations,
        String doi,
        String journalRef,
        String comment,
        Source source,
        Instant observedAt) {

    public static final int SCHEMA_VERSION = 1;

    public PaperEvent {
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        affiliations = affiliations == null ? List.of() : List.copyOf(affiliations);
    }

    /** An observation without affiliations (every source but arXiv). */
    public PaperEvent(int schemaVersion, String eventId, String id, Integer version, String title,
                      String abstractText, List<String> authors, List<String> categories, String primaryCategory,
                      List<String> keywords, Instant publishedAt, Instant updatedAt, LocalDate dailyDate,
                      Integer upvotes, Integer comments, String githubRepo, Integer githubStars, String projectPage,
                      String organization, String doi, String journalRef, String comment, Source source,
                      Instant observedAt) {
        this(schemaVersion, eventId, id, version, title, abstractText, authors, categories, primaryCategory,
                keywords, publishedAt, updatedAt, dailyDate, upvotes, comments, githubRepo, githubStars,
                projectPage, organization, List.of(), doi, journalRef, comment, source, observedAt);
    }

    /**
     * Whether this observation should replace {@code other} for the same paper: a higher arXiv version wins, then
     * a later arXiv update time, then a later observation time (so fresher upvote counts replace older ones).
     * Equal observations are not newer, which makes re-applying the same event a no-op.
     */
    public boolean isNewerThan(PaperEvent other) {
        if (other == null) {
            return true;
        }
        int byVersion = compareNullable(version, other.version);
        if (byVersion != 0) {
            return byVersion > 0;
        }
        int byUpdate = compareNullable(updatedAt, other.updatedAt);
        if (byUpdate != 0) {
            return byUpdate > 0;
        }
        return compareNullable(observedAt, other.observedAt) > 0;
    }

    private static <T extends Comparable<T>> int compareNullable(T a, T b) {
        if (a == null || b == null) {
            return a == null && b == null ? 0 : (a == null ? -1 : 1);
        }
        return a.compareTo(b);
    }
}

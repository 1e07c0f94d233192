package dev.paperboy.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.List;

/**
 * One paper in a {@link TrendingSnapshot}.
 *
 * @param rank            1-based position in the ranking
 * @param abstractExcerpt the abstract cut at a word boundary (a few hundred characters)
 * @param link            the paper's page in the catalog (absolute URL)
 * @param traceparent     W3C trace context of the paper's latest change (optional): the notify service continues
 *                        that trace when it emails the paper, so one trace id follows a paper from ingest to email
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrendingEntry(
        int rank,
        String id,
        String title,
        List<String> authors,
        String abstractExcerpt,
        List<String> keywords,
        List<String> categories,
        int upvotes,
        double score,
        LocalDate dailyDate,
        String link,
        String traceparent) {

    public TrendingEntry {
        authors = authors == null ? List.of() : List.copyOf(authors);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** An entry without trace context. */
    public TrendingEntry(int rank, String id, String title, List<String> authors, String abstractExcerpt,
                         List<String> keywords, List<String> categories, int upvotes, double score,
                         LocalDate dailyDate, String link) {
        this(rank, id, title, authors, abstractExcerpt, keywords, categories, upvotes, score, dailyDate, link, null);
    }

    /** The paper's abstract page on arXiv. */
    public String arxivLink() {
        return "https://arxiv.org/abs/" + id;
    }
}

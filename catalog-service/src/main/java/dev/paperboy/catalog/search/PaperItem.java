package dev.paperboy.catalog.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One paper of a listing or search result, read from the index only.
 *
 * @param abstractText the abstract (JSON {@code abstract})
 * @param highlights   for searches: title and abstract passages with matches in {@code <mark>} (text HTML-escaped)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaperItem(
        String id,
        String title,
        @JsonProperty("abstract") String abstractText,
        List<String> authors,
        int numAuthors,
        List<String> categories,
        List<String> keywords,
        Integer upvotes,
        String dailyDate,
        String publishedAt,
        String organization,
        Links links,
        Highlights highlights,
        @com.fasterxml.jackson.annotation.JsonIgnore long modifiedMillis) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Links(String self, String arxiv, String pdf, String github, String projectPage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Highlights(String title, @JsonProperty("abstract") String abstractText) {
    }
}

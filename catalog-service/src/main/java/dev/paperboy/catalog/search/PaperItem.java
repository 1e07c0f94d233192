package dev.paperboy.catalog.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;

import java.time.Instant;
import java.util.List;

import static dev.paperboy.catalog.search.IndexFields.*;

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

    /** The item of the stored index document {@code doc}; its self link under {@code publicUrl}. */
    static PaperItem of(Document doc, Highlights highlights, String publicUrl) {
        String id = doc.get(ID);
        List<String> authors = values(doc, AUTHORS);
        IndexableField upvotes = doc.getField(UPVOTES);
        IndexableField published = doc.getField(PUBLISHED_AT);
        IndexableField modified = doc.getField(MODIFIED);
        String publishedAt = published == null ? null
                : Instant.ofEpochMilli(published.numericValue().longValue()).toString();
        Links links = new Links(publicUrl + "/api/papers/" + id, "https://arxiv.org/abs/" + id,
                "https://arxiv.org/pdf/" + id, doc.get(GITHUB_REPO), doc.get(PROJECT_PAGE));
        return new PaperItem(id, doc.get(TITLE), doc.get(ABSTRACT), authors, authors.size(),
                values(doc, CATEGORIES), values(doc, KEYWORDS),
                upvotes == null ? null : upvotes.numericValue().intValue(),
                doc.get(DAILY_DATE), publishedAt, doc.get(ORGANIZATION_NAME), links, highlights,
                modified == null ? 0L : modified.numericValue().longValue());
    }

    private static List<String> values(Document doc, String field) {
        return List.of(doc.getValues(field));
    }
}

package dev.paperboy.catalog.search;

import dev.paperboy.testsupport.SamplePapers;
import org.bson.Document;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/** The 43 sample papers in the store's document shape, and a search index built from them. */
final class SampleIndex {

    private SampleIndex() {
    }

    /** The sample lines as store documents; papers without a verified arXiv id get {@code rank-N} as id. */
    static List<Document> documents() {
        return SamplePapers.jsonLines().stream().map(SampleIndex::toStoreDocument).toList();
    }

    static Document toStoreDocument(String line) {
        Document sample = Document.parse(line);
        String id = sample.getString("arxivId");
        Document doc = new Document("_id", id != null ? id : "rank-" + sample.get("rank"));
        doc.put("title", sample.getString("title"));
        doc.put("abstract", sample.getString("abstract"));
        doc.put("authors", sample.getList("authors", String.class, List.of()));
        String category = sample.getString("category");
        doc.put("categories", category == null ? List.of() : List.of(category));
        doc.put("primaryCategory", category);
        String published = sample.getString("publishedDate");
        if (published != null) {
            doc.put("publishedAt", Date.from(LocalDate.parse(published).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        doc.put("upvotes", sample.getInteger("upvotes"));
        return doc;
    }

    /** A fresh index in {@code dir} holding the sample papers, visible to searchers. */
    static SearchIndex build(Path dir) {
        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        for (Document doc : documents()) {
            index.upsert(PaperDocuments.toLucene(doc));
        }
        index.refresh();
        return index;
    }
}

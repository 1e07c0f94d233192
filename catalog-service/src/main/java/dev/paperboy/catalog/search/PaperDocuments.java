package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import static dev.paperboy.catalog.search.IndexFields.*;

/**
 * Turns a {@code papers} document of the store (an {@link org.bson.Document} in the data contract shape) into the
 * Lucene document of the search index. Every field but {@code _id} may be missing, null or of a looser type.
 */
public final class PaperDocuments {

    /** Offsets in the postings, so highlighting needs no re-analysis; the value is stored by its own field. */
    static final FieldType TEXT_WITH_OFFSETS;

    static {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        TEXT_WITH_OFFSETS = type;
    }

    /** The analyzer of {@code title}, {@code abstract} and {@code text} (see {@link IndexFields#analyzer()}). */
    private static final Analyzer ENGLISH = new IndexFields.EnglishText();

    private PaperDocuments() {
    }

    /** {@code value} into the combined {@link IndexFields#TEXT} field {@code times} times (values apart by a gap). */
    private static void addText(Document doc, AnalyzedText value, int times) {
        for (int i = 0; i < times; i++) {
            doc.add(new Field(TEXT, value.tokens(), TextField.TYPE_NOT_STORED));
        }
    }

    /** Stored, and indexed with offsets (for highlighting) and {@code times} times into the combined field. */
    private static void addShown(Document doc, String field, String value, int times) {
        AnalyzedText analyzed = AnalyzedText.of(ENGLISH, field, value);
        doc.add(new StoredField(field, value));
        doc.add(new Field(field, analyzed.tokens(), TEXT_WITH_OFFSETS));
        addText(doc, analyzed, times);
    }

    /** The Lucene document for a store document, or null when it has no usable id. */
    public static Document toLucene(org.bson.Document paper) {
        Object rawId = paper.get("_id");
        if (rawId == null || rawId.toString().isBlank()) {
            return null;
        }
        String id = rawId.toString();
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new SortedDocValuesField(ID_SORT, new BytesRef(id)));

        String title = string(paper, "title");
        if (title != null) {
            addShown(doc, TITLE, title, TITLE_REPEATS);
            doc.add(new TextField(TITLE_EXACT, title, Field.Store.NO));
        }
        String abstractText = string(paper, "abstract");
        if (abstractText != null) {
            addShown(doc, ABSTRACT, abstractText, 1);
        }
        for (String author : strings(paper, "authors")) {
            doc.add(new StoredField(AUTHORS, author));
            doc.add(new TextField(AUTHORS_TEXT, author, Field.Store.NO));
            addText(doc, AnalyzedText.of(ENGLISH, TEXT, author), AUTHORS_REPEATS);
            doc.add(new StringField(AUTHOR, normalize(author), Field.Store.NO));
        }
        List<String> categories = strings(paper, "categories");
        String primary = string(paper, "primaryCategory");
        if (categories.isEmpty() && primary != null) {
            categories = List.of(primary);
        }
        for (String category : categories) {
            doc.add(new StoredField(CATEGORIES, category));
            doc.add(new StringField(CATEGORY, normalize(category), Field.Store.NO));
            int dot = category.indexOf('.');
            if (dot > 0) { // the archive ("cs" of "cs.CL") filters too
                doc.add(new StringField(CATEGORY, normalize(category.substring(0, dot)), Field.Store.NO));
            }
        }
        for (String keyword : strings(paper, "keywords")) {
            doc.add(new StoredField(KEYWORDS, keyword));
            addText(doc, AnalyzedText.of(ENGLISH, TEXT, keyword), KEYWORDS_REPEATS);
            doc.add(new StringField(KEYWORD, normalize(keyword), Field.Store.NO));
        }
        String organization = string(paper, "organization");
        if (organization != null) {
            doc.add(new StoredField(ORGANIZATION_NAME, organization));
            doc.add(new StringField(ORGANIZATION, normalize(organization), Field.Store.NO));
        }

        Integer upvotes = integer(paper, "upvotes");
        int votes = upvotes == null ? 0 : Math.max(0, upvotes);
        doc.add(new IntPoint(UPVOTES, votes));
        doc.add(new NumericDocValuesField(UPVOTES, votes));
        if (upvotes != null) {
            doc.add(new StoredField(UPVOTES, votes));
        }

        LocalDate daily = date(paper.get("dailyDate"));
        Instant published = instant(paper.get("publishedAt"));
        if (daily != null) {
            doc.add(new IntPoint(DAILY_DAY, (int) daily.toEpochDay()));
            doc.add(new StoredField(DAILY_DATE, daily.toString()));
        }
        if (published != null) {
            doc.add(new StoredField(PUBLISHED_AT, published.toEpochMilli()));
            doc.add(new NumericDocValuesField(PUBLISHED, published.toEpochMilli()));
        }
        LocalDate day = daily != null ? daily : published == null ? null : LocalDate.ofInstant(published, ZoneOffset.UTC);
        if (day != null) {
            doc.add(new IntPoint(DAY, (int) day.toEpochDay()));
            doc.add(new NumericDocValuesField(DAY, day.toEpochDay()));
        }
        Instant born = daily != null ? daily.atStartOfDay(ZoneOffset.UTC).toInstant() : published;
        if (born != null) {
            doc.add(new NumericDocValuesField(BORN, born.toEpochMilli()));
        }
        Instant modified = firstInstant(paper, "storedAt", "observedAt", "updatedAt", "publishedAt");
        if (modified != null) {
            doc.add(new StoredField(MODIFIED, modified.toEpochMilli()));
        }
        String github = string(paper, "githubRepo");
        if (github != null) {
            doc.add(new StoredField(GITHUB_REPO, github));
        }
        String projectPage = string(paper, "projectPage");
        if (projectPage != null) {
            doc.add(new StoredField(PROJECT_PAGE, projectPage));
        }
        return doc;
    }

    /** How exact filter values are compared: trimmed, lower case, inner whitespace collapsed. */
    public static String normalize(String value) {
        return value.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String string(org.bson.Document paper, String field) {
        Object value = paper.get(field);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static List<String> strings(org.bson.Document paper, String field) {
        Object value = paper.get(field);
        if (value instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null && !v.toString().isBlank())
                    .map(v -> v.toString().strip()).toList();
        }
        if (value instanceof String single && !single.isBlank()) {
            return List.of(single.strip());
        }
        return List.of();
    }

    private static Integer integer(org.bson.Document paper, String field) {
        Object value = paper.get(field);
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Instant firstInstant(org.bson.Document paper, String... fields) {
        for (String field : fields) {
            Instant instant = instant(paper.get(field));
            if (instant != null) {
                return instant;
            }
        }
        return null;
    }

    static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException e) {
                LocalDate date = date(text);
                return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        }
        return null;
    }

    static LocalDate date(Object value) {
        if (value instanceof String text && !text.isBlank()) {
            String trimmed = text.strip();
            try {
                return LocalDate.parse(trimmed.length() > 10 ? trimmed.substring(0, 10) : trimmed);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (value instanceof Date date) {
            return LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        return null;
    }
}

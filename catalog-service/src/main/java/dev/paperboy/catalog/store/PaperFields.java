package dev.paperboy.catalog.store;

import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * The shape of a {@code papers} document in the {@code catalog} database: the fields of the newest
 * {@link PaperEvent} (JSON names of the contract, {@code _id} = canonical arXiv id, instants as BSON dates,
 * {@code dailyDate} as {@code YYYY-MM-DD}), plus bookkeeping: {@link #HISTORY} (bounded upvote observations),
 * {@link #FIRST_SEEN_AT}, {@link #STORED_AT} (time of the last write) and {@link #REV} (optimistic concurrency).
 */
public final class PaperFields {

    public static final String COLLECTION = "papers";

    public static final String ID = "_id";
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String EVENT_ID = "eventId";
    public static final String VERSION = "version";
    public static final String TITLE = "title";
    public static final String ABSTRACT = "abstract";
    public static final String AUTHORS = "authors";
    public static final String CATEGORIES = "categories";
    public static final String PRIMARY_CATEGORY = "primaryCategory";
    public static final String KEYWORDS = "keywords";
    public static final String PUBLISHED_AT = "publishedAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String DAILY_DATE = "dailyDate";
    public static final String UPVOTES = "upvotes";
    public static final String COMMENTS = "comments";
    public static final String GITHUB_REPO = "githubRepo";
    public static final String GITHUB_STARS = "githubStars";
    public static final String PROJECT_PAGE = "projectPage";
    public static final String ORGANIZATION = "organization";
    public static final String AFFILIATIONS = "affiliations";
    public static final String DOI = "doi";
    public static final String JOURNAL_REF = "journalRef";
    public static final String COMMENT = "comment";
    public static final String SOURCE = "source";
    public static final String OBSERVED_AT = "observedAt";

    /** Upvote observations, oldest first: {@code [{at: Date, upvotes: int}]}, at most {@link #HISTORY_LIMIT}. */
    public static final String HISTORY = "upvoteHistory";
    public static final String HISTORY_AT = "at";
    public static final String HISTORY_UPVOTES = "upvotes";
    public static final int HISTORY_LIMIT = 100;
    /** The earliest observation time ever applied (kept when the history drops old entries). */
    public static final String FIRST_SEEN_AT = "firstSeenAt";
    /** When the catalog last wrote the document (the search index may follow it). */
    public static final String STORED_AT = "storedAt";
    /** Incremented on every write; replacements are conditional on it. */
    public static final String REV = "_rev";
    /**
     * W3C trace context of the catalog's span that applied the paper's latest change: the trending entry hands it
     * on, so the email that carries the paper joins the trace that began at ingest.
     */
    public static final String TRACEPARENT = "traceparent";

    private PaperFields() {
    }

    /** The event's fields as a document (no bookkeeping fields); null fields are left out. */
    public static Document toDocument(PaperEvent e) {
        Document d = new Document(ID, e.id());
        d.put(SCHEMA_VERSION, e.schemaVersion());
        put(d, EVENT_ID, e.eventId());
        put(d, VERSION, e.version());
        put(d, TITLE, e.title());
        put(d, ABSTRACT, e.abstractText());
        d.put(AUTHORS, new ArrayList<>(e.authors()));
        d.put(CATEGORIES, new ArrayList<>(e.categories()));
        put(d, PRIMARY_CATEGORY, e.primaryCategory());
        d.put(KEYWORDS, new ArrayList<>(e.keywords()));
        put(d, PUBLISHED_AT, date(e.publishedAt()));
        put(d, UPDATED_AT, date(e.updatedAt()));
        put(d, DAILY_DATE, e.dailyDate() == null ? null : e.dailyDate().toString());
        put(d, UPVOTES, e.upvotes());
        put(d, COMMENTS, e.comments());
        put(d, GITHUB_REPO, e.githubRepo());
        put(d, GITHUB_STARS, e.githubStars());
        put(d, PROJECT_PAGE, e.projectPage());
        put(d, ORGANIZATION, e.organization());
        d.put(AFFILIATIONS, new ArrayList<>(e.affiliations()));
        put(d, DOI, e.doi());
        put(d, JOURNAL_REF, e.journalRef());
        put(d, COMMENT, e.comment());
        put(d, SOURCE, e.source() == null ? null : e.source().wireName());
        put(d, OBSERVED_AT, date(e.observedAt()));
        return d;
    }

    /** The event a document holds (the inverse of {@link #toDocument}). */
    public static PaperEvent toEvent(Document d) {
        return new PaperEvent(
                d.getInteger(SCHEMA_VERSION, PaperEvent.SCHEMA_VERSION),
                d.getString(EVENT_ID),
                d.get(ID).toString(),
                integer(d, VERSION),
                d.getString(TITLE),
                d.getString(ABSTRACT),
                strings(d, AUTHORS),
                strings(d, CATEGORIES),
                d.getString(PRIMARY_CATEGORY),
                strings(d, KEYWORDS),
                instant(d, PUBLISHED_AT),
                instant(d, UPDATED_AT),
                d.getString(DAILY_DATE) == null ? null : LocalDate.parse(d.getString(DAILY_DATE)),
                integer(d, UPVOTES),
                integer(d, COMMENTS),
                d.getString(GITHUB_REPO),
                integer(d, GITHUB_STARS),
                d.getString(PROJECT_PAGE),
                d.getString(ORGANIZATION),
                strings(d, AFFILIATIONS),
                d.getString(DOI),
                d.getString(JOURNAL_REF),
                d.getString(COMMENT),
                source(d.getString(SOURCE)),
                instant(d, OBSERVED_AT));
    }

    /** The event with its instants cut to milliseconds, the precision of a BSON date. */
    public static PaperEvent truncateInstants(PaperEvent e) {
        return new PaperEvent(e.schemaVersion(), e.eventId(), e.id(), e.version(), e.title(), e.abstractText(),
                e.authors(), e.categories(), e.primaryCategory(), e.keywords(), millis(e.publishedAt()),
                millis(e.updatedAt()), e.dailyDate(), e.upvotes(), e.comments(), e.githubRepo(), e.githubStars(),
                e.projectPage(), e.organization(), e.affiliations(), e.doi(), e.journalRef(), e.comment(),
                e.source(), millis(e.observedAt()));
    }

    public static Instant instant(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Date date ? date.toInstant() : null;
    }

    public static Integer integer(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.intValue() : null;
    }

    public static List<String> strings(Document d, String field) {
        Object value = d.get(field);
        if (value instanceof Collection<?> values) {
            List<String> out = new ArrayList<>(values.size());
            for (Object v : values) {
                if (v != null) {
                    out.add(v.toString());
                }
            }
            return out;
        }
        return List.of();
    }

    private static Source source(String wire) {
        if (wire == null) {
            return null;
        }
        for (Source s : Source.values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        return null;
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static void put(Document d, String field, Object value) {
        if (value != null) {
            d.put(field, value);
        }
    }
}

package dev.paperboy.catalog.search;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A validated listing or search request. A listing is a search without {@link #text()}.
 *
 * @param text        the user's query text, null for listings
 * @param dailyFrom   first Daily Papers day of {@code date}/{@code week}/{@code month}, null when none was given
 * @param dailyTo     last Daily Papers day (inclusive) of that period
 * @param from        {@code from} filter on the daily day, falling back to the published day (inclusive)
 * @param to          {@code to} filter, inclusive
 * @param minUpvotes  lower bound on upvotes, null for none
 * @param limit       page size, 1–100
 * @param cursor      where the previous page ended, null for the first page
 * @param now         the instant trending scores are evaluated at (carried in cursors so pages agree)
 */
public record PaperQuery(
        String text,
        LocalDate dailyFrom,
        LocalDate dailyTo,
        SortOrder sort,
        String author,
        String category,
        String keyword,
        String organization,
        LocalDate from,
        LocalDate to,
        Integer minUpvotes,
        int limit,
        SearchCursor cursor,
        Instant now) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** A listing of everything, newest first. */
    public static PaperQuery listing(int limit) {
        return new PaperQuery(null, null, null, SortOrder.RECENT, null, null, null, null, null, null, null, limit,
                null, Instant.now());
    }

    public PaperQuery withText(String newText, SortOrder newSort) {
        return new PaperQuery(newText, dailyFrom, dailyTo, newSort, author, category, keyword, organization, from, to,
                minUpvotes, limit, cursor, now);
    }

    public PaperQuery withCursor(SearchCursor next) {
        return new PaperQuery(text, dailyFrom, dailyTo, sort, author, category, keyword, organization, from, to,
                minUpvotes, limit, next, next == null ? now : next.now());
    }
}

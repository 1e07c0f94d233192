package dev.paperboy.catalog.search;

import java.util.Locale;

/** The orders a listing or search can be sorted by ({@code sort=} parameter). */
public enum SortOrder {
    /** BM25 score, for searches only (their default). */
    RELEVANCE,
    /** {@link dev.paperboy.catalog.trending.TrendingFormula} with current upvotes, evaluated at one fixed instant. */
    TRENDING,
    /** Upvotes, most first. */
    UPVOTES,
    /** Daily Papers day (else publication day), newest first; listings' default. */
    RECENT;

    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }
}

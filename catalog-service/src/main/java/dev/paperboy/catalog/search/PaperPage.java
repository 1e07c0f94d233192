package dev.paperboy.catalog.search;

import java.util.List;

/**
 * A page of a listing or search: {@code nextCursor} is null on the last page. {@code total} counts the matches
 * exactly when {@code totalExact}; otherwise it is a lower bound (at least {@link PaperSearcher#EXACT_TOTAL_UP_TO}):
 * counting every match of a common word in a large catalog would cost more than finding the page.
 */
public record PaperPage(List<PaperItem> items, String nextCursor, long total, boolean totalExact) {
}

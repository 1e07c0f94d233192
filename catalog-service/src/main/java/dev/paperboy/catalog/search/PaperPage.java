package dev.paperboy.catalog.search;

import java.util.List;

/** A page of a listing or search: {@code nextCursor} is null on the last page; {@code total} counts all matches. */
public record PaperPage(List<PaperItem> items, String nextCursor, long total) {
}

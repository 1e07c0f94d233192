package dev.paperboy.ingest.arxiv;

import java.util.List;

/** One page of the arXiv API: its entries and the paging numbers of OpenSearch. */
record ArxivFeed(long totalResults, long startIndex, long itemsPerPage, List<ArxivEntry> entries) {
}

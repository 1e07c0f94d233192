package dev.paperboy.ingest.arxiv;

import dev.paperboy.contracts.ArxivId;

import java.time.Instant;
import java.util.List;

/** One Atom entry of the arXiv API, everything it carries, text already whitespace-normalised. */
record ArxivEntry(ArxivId id, String title, String summary, List<Author> authors, List<String> categories,
                  String primaryCategory, Instant published, Instant updated, String doi, String journalRef,
                  String comment, String absLink, String pdfLink) {

    record Author(String name, List<String> affiliations) {
    }
}

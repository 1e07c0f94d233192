package dev.paperboy.ingest.files;

import dev.paperboy.ingest.normalize.InvalidInputException;

import java.util.Locale;

/** The file shapes an import understands. */
enum FileFormat {
    /** JSON Lines, one paper a line, in the neutral shape of {@code seed-papers.jsonl}. */
    JSONL,
    /** A JSON array as returned by Hugging Face's {@code /api/daily_papers}. */
    HF;

    static FileFormat parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of(field, "is required (jsonl or hf)");
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(field, "must be jsonl or hf");
        }
    }
}

package dev.paperboy.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sample data shipped in the repo (copied from the Hugging Face Papers page of Dec 11, 2025): 43 papers as
 * JSON Lines in the neutral shape, and 15 of them as a {@code /api/daily_papers} response.
 */
public final class SamplePapers {

    public static final String JSONL = "/samples/seed-papers.jsonl";
    public static final String HF_DAILY_PAPERS = "/samples/hf-daily-papers.sample.json";

    private SamplePapers() {
    }

    /** The 43 neutral-shape lines, in page order. */
    public static List<String> jsonLines() {
        return read(JSONL).lines().filter(line -> !line.isBlank()).toList();
    }

    /** The Hugging Face daily-papers JSON array. */
    public static String hfDailyPapersJson() {
        return read(HF_DAILY_PAPERS);
    }

    public static String read(String resource) {
        try (InputStream in = SamplePapers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

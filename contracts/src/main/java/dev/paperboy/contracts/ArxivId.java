package dev.paperboy.contracts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arXiv identifier split into its canonical id (the Kafka key and catalog id) and optional version.
 * Accepts new-style ids ({@code 2412.07762}, {@code 0704.0001}, with {@code v3}), old-style ids
 * ({@code hep-th/9901001}, {@code math.GT/0309136v2}), and either wrapped in an arXiv URL or {@code arXiv:} prefix.
 */
public record ArxivId(String id, Integer version) {

    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{4}\\.\\d{4,5})(?:v(\\d{1,4}))?");
    private static final Pattern OLD_STYLE =
            Pattern.compile("([a-z][a-z\\-]*(?:\\.[A-Z]{2})?/\\d{7})(?:v(\\d{1,4}))?");
    private static final Pattern URL_PREFIX =
            Pattern.compile("^(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf)/", Pattern.CASE_INSENSITIVE);

    /** Parses {@code text}, or returns empty when it is not an arXiv id. Never throws. */
    public static Optional<ArxivId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.length() > 64) {
            return Optional.empty();
        }
        s = URL_PREFIX.matcher(s).replaceFirst("");
        if (s.regionMatches(true, 0, "arxiv:", 0, 6)) {
            s = s.substring(6);
        }
        if (s.endsWith(".pdf")) {
            s = s.substring(0, s.length() - 4);
        }
        Matcher m = NEW_STYLE.matcher(s);
        if (!m.matches()) {
            m = OLD_STYLE.matcher(s);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        Integer version = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        if (version != null && version == 0) {
            return Optional.empty();
        }
        return Optional.of(new ArxivId(m.group(1), version));
    }

    /** The id with its version ({@code 2412.07762v3}), or the bare id when the version is unknown. */
    public String versioned() {
        return version == null ? id : id + "v" + version;
    }

    @Override
    public String toString() {
        return versioned();
    }

    /** Whether this is a pre-2007 id of the form {@code archive/YYMMNNN}. */
    public boolean isOldStyle() {
        return id.indexOf('/') > 0;
    }
}

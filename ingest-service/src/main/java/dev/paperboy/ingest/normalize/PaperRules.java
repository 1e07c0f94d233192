package dev.paperboy.ingest.normalize;

import dev.paperboy.contracts.ArxivId;
import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.ingest.IngestProperties;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The normalisation and limits every source shares. Whitespace is the only thing normalised: LaTeX, entities
 * already decoded by the parser, case and punctuation are kept exactly as the source wrote them.
 */
@Component
public class PaperRules {

    private final IngestProperties.Limits limits;

    public PaperRules(IngestProperties properties) {
        this.limits = properties.limits();
    }

    public IngestProperties.Limits limits() {
        return limits;
    }

    /** Runs of whitespace (newlines and indentation of wrapped Atom text included) become one space. */
    public static String whitespace(String text) {
        if (text == null) {
            return null;
        }
        if (isNormal(text)) {
            return text.isEmpty() ? null : text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && !out.isEmpty()) {
                out.append(' ');
            }
            out.append(c);
            pendingSpace = false;
        }
        return out.isEmpty() ? null : out.toString();
    }

    /**
     * Already normalised: single spaces between words, none at either end. Most text is, and checking first
     * avoids copying it char by char (this runs twice per record on the bulk path). The double-space search is
     * a JDK intrinsic and the rest one table lookup per character without a branch: a char-by-char test of
     * spaces mispredicted a branch at every word.
     */
    private static boolean isNormal(String text) {
        int last = text.length() - 1;
        if (last < 0) {
            return true;
        }
        return text.charAt(0) != ' ' && text.charAt(last) != ' ' && !text.contains("  ")
                && (classes(text) & OTHER_SPACE) == 0;
    }

    // CHAR_CLASSES flags: whitespace other than the space, ISO control character, surrogate
    private static final byte OTHER_SPACE = 1;
    private static final byte CONTROL = 2;
    private static final byte SURROGATE = 4;
    private static final byte[] CHAR_CLASSES = new byte[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            CHAR_CLASSES[c] = (byte) ((isSpace((char) c) && c != ' ' ? OTHER_SPACE : 0)
                    | (Character.isISOControl(c) ? CONTROL : 0) | (Character.isSurrogate((char) c) ? SURROGATE : 0));
        }
    }

    /** The union of the classes of the text's characters (0 for plain text). */
    private static int classes(String text) {
        int union = 0;
        for (int i = 0; i < text.length(); i++) {
            union |= CHAR_CLASSES[text.charAt(i)];
        }
        return union;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B || c == '\u00A0'
                || c == '\u2028' || c == '\u2029';
    }

    ArxivId arxivId(String raw, String field, List<Reason> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new Reason(field, "is required"));
            return null;
        }
        return ArxivId.parse(raw).orElseGet(() -> {
            errors.add(new Reason(field, "is not an arXiv id (e.g. 2412.07762, 2412.07762v2, hep-th/9901001)"));
            return null;
        });
    }

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z-]{0,19}(\\.[A-Za-z-]{1,20})?");

    /** An arXiv category ({@code cs.LG}, {@code hep-th}, {@code astro-ph.CO}); anything else could inject text. */
    public static void checkCategory(String category, String field, List<Reason> errors) {
        if (category != null && !CATEGORY.matcher(category).matches()) {
            errors.add(new Reason(field, "is not an arXiv category (e.g. cs.LG, hep-th)"));
        }
    }

    /**
     * Control characters (NUL included) and unpaired surrogates are refused: they are invisible or invalid in
     * every consumer (JSON, HTML, mail) and an unpaired surrogate cannot even be encoded as UTF-8.
     */
    static void checkText(String text, String field, List<Reason> errors) {
        if (text == null || (classes(text) & (CONTROL | SURROGATE)) == 0) {
            return; // the common case: no control character, no surrogate (paired or not)
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c < 0x7F) {
                continue; // printable ASCII
            }
            if (Character.isISOControl(c)) {
                errors.add(new Reason(field, "must not contain control characters"));
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                errors.add(new Reason(field, "contains an invalid Unicode character"));
                return;
            }
        }
    }

    /** Checks the limits and characters of a normalised title, abstract and author list. */
    public void checkLimits(String title, String abstractText, List<String> authors, List<Reason> errors) {
        checkText(title, "title", errors);
        checkText(abstractText, "abstract", errors);
        if (authors != null) {
            for (int i = 0; i < authors.size(); i++) {
                checkText(authors.get(i), "authors/" + i, errors);
            }
        }
        if (title == null) {
            errors.add(new Reason("title", "is required"));
        } else if (title.length() > limits.maxTitleLength()) {
            errors.add(new Reason("title", "is longer than " + limits.maxTitleLength() + " characters"));
        }
        if (abstractText != null && abstractText.length() > limits.maxAbstractLength()) {
            errors.add(new Reason("abstract", "is longer than " + limits.maxAbstractLength() + " characters"));
        }
        if (authors != null && authors.size() > limits.maxAuthors()) {
            errors.add(new Reason("authors", "has more than " + limits.maxAuthors() + " authors"));
        }
    }
}

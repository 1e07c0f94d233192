package dev.paperboy.notify.mail;

import java.nio.charset.StandardCharsets;

/**
 * A piece of an email's text part (a paper's block, a layout's literal text, a link), in UTF-8, with what
 * {@link EncodedTextPart#join} needs to choose the part's transfer encoding without scanning it again, and its
 * quoted-printable form, encoded once however many emails carry the piece. Quoted-printable is line-local: a piece
 * that starts and ends at a line break encodes the same alone as inside any part. Immutable (the encoded form is
 * computed once on first use, by whichever thread needs it first; each computes the same bytes).
 */
final class TextPiece {

    private final String text;
    private final byte[] utf8;
    /** ASCII with neither CR nor NUL (line lengths aside). */
    private final boolean ascii;
    /** Characters before the first LF (all of them when there is none), after the last LF, and longest between. */
    private final int firstLine;
    private final int lastLine;
    private final int longestInnerLine;
    private final boolean hasLineBreak;
    private volatile byte[] quotedPrintable;

    TextPiece(String text) {
        this.text = text;
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
        this.ascii = utf8.length == text.length() && text.indexOf('\r') < 0 && text.indexOf('\0') < 0;
        int first = text.indexOf('\n');
        this.hasLineBreak = first >= 0;
        this.firstLine = first < 0 ? text.length() : first;
        int last = text.lastIndexOf('\n');
        this.lastLine = last < 0 ? text.length() : text.length() - last - 1;
        int longest = 0;
        for (int from = first + 1; first >= 0 && from <= last; ) {
            int end = text.indexOf('\n', from);
            longest = Math.max(longest, end - from);
            from = end + 1;
        }
        this.longestInnerLine = longest;
    }

    String text() {
        return text;
    }

    byte[] utf8() {
        return utf8;
    }

    boolean ascii() {
        return ascii;
    }

    int firstLine() {
        return firstLine;
    }

    int lastLine() {
        return lastLine;
    }

    int longestInnerLine() {
        return longestInnerLine;
    }

    boolean hasLineBreak() {
        return hasLineBreak;
    }

    /** Whether the piece ends with a line break, so the next one starts a line. */
    boolean endsLine() {
        return utf8.length > 0 && utf8[utf8.length - 1] == '\n';
    }

    /** This piece alone in quoted-printable, as at the start of a line (computed once). */
    byte[] quotedPrintable() {
        byte[] encoded = quotedPrintable;
        if (encoded == null) {
            encoded = EncodedTextPart.quotedPrintable(utf8);
            quotedPrintable = encoded;
        }
        return encoded;
    }
}

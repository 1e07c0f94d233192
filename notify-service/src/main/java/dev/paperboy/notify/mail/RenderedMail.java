package dev.paperboy.notify.mail;

import java.util.List;

/**
 * A rendered email: subject, plain-text and HTML bodies. A digest's bodies are held as the pieces they were
 * assembled from ({@link DigestComposer}), which carry their encoded forms, so that an email's parts are encoded
 * without a pass over their whole text ({@link EncodedTextPart#join}); {@link #text()} and {@link #html()} put the
 * pieces together when asked.
 */
public final class RenderedMail {

    private final String subject;
    private final List<TextPiece> text;
    private final List<TextPiece> html;

    public RenderedMail(String subject, String text, String html) {
        this(subject, List.of(new TextPiece(text)), List.of(new TextPiece(html)));
    }

    RenderedMail(String subject, List<TextPiece> text, List<TextPiece> html) {
        this.subject = subject;
        this.text = text;
        this.html = html;
    }

    public String subject() {
        return subject;
    }

    /** The plain-text body. */
    public String text() {
        return joined(text);
    }

    /** The HTML body. */
    public String html() {
        return joined(html);
    }

    List<TextPiece> textPieces() {
        return text;
    }

    List<TextPiece> htmlPieces() {
        return html;
    }

    private static String joined(List<TextPiece> pieces) {
        StringBuilder joined = new StringBuilder();
        pieces.forEach(piece -> joined.append(piece.text()));
        return joined.toString();
    }

    @Override
    public String toString() {
        return "RenderedMail[" + subject + "]";
    }
}

package dev.paperboy.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A UTF-8 text body part encoded once, when it is built (quoted-printable here, base64 by Jakarta Mail's encoder,
 * 7bit as it is), in the transfer encoding its {@code MimeUtility.getEncoding} would choose (7bit for short ASCII lines, quoted-printable for mostly ASCII,
 * base64 otherwise). Jakarta Mail copies such a part to the wire as it is; a part given as a String is scanned to
 * choose its encoding and then encoded byte by byte through a chain of streams while it is written, which took most
 * of the CPU time of sending a digest.
 */
final class EncodedTextPart {

    /** RFC 5322: at most 998 characters per line. */
    private static final int MAX_LINE = 998;

    private EncodedTextPart() {
    }

    /** A text's transfer encoding and its bytes in that encoding. */
    record Encoded(String encoding, byte[] bytes) {
    }

    /** A {@code text/<subtype>; charset=UTF-8} part holding {@code text}. */
    static MimeBodyPart of(String text, String subtype) throws MessagingException {
        Encoded encoded = encode(text);
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
        headers.setHeader("Content-Transfer-Encoding", encoded.encoding());
        return new MimeBodyPart(headers, encoded.bytes());
    }

    /** {@code text} in UTF-8, in the transfer encoding Jakarta Mail would choose for it. */
    static Encoded encode(String text) throws MessagingException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        String encoding = asciiWithShortLines(text, utf8) ? "7bit" : encodingFor(utf8);
        byte[] encoded;
        if (encoding.equals("7bit")) {
            // short ASCII lines go as they are
            encoded = utf8;
        } else if (encoding.equals("quoted-printable")) {
            encoded = quotedPrintable(utf8);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length * 4 / 3 + 16);
            try (OutputStream encoder = MimeUtility.encode(out, encoding)) {
                encoder.write(utf8);
            } catch (IOException e) {
                throw new MessagingException("cannot encode a text part", e);
            }
            encoded = out.toByteArray();
        }
        return new Encoded(encoding, encoded);
    }

    /**
     * The text of {@code pieces} one after another, in UTF-8, as a part's body: 7bit when it is ASCII with short
     * lines (found from what each piece knows of itself), otherwise quoted-printable, each run of pieces that starts
     * and ends at a line break taken as encoded once ({@link TextPiece#quotedPrintable}) and only the pieces between
     * encoded here (quoted-printable is line-local, so the result is the text's encoding in one piece). Never base64,
     * which a text mostly not ASCII would take from {@link #encode}: quoted-printable carries any text, only longer.
     */
    static Encoded join(List<TextPiece> pieces) {
        if (sevenBit(pieces)) {
            int length = 0;
            for (TextPiece piece : pieces) {
                length += piece.utf8().length;
            }
            byte[] bytes = new byte[length];
            int at = 0;
            for (TextPiece piece : pieces) {
                System.arraycopy(piece.utf8(), 0, bytes, at, piece.utf8().length);
                at += piece.utf8().length;
            }
            return new Encoded("7bit", bytes);
        }
        List<byte[]> encoded = new ArrayList<>(pieces.size());
        int length = 0;
        for (int from = 0; from < pieces.size(); ) {
            // every run here starts at a line break: the one before ended a line (or this is the first)
            int to = from;
            while (to < pieces.size() - 1 && !pieces.get(to).endsLine()) {
                to++;
            }
            byte[] run = to == from ? pieces.get(from).quotedPrintable() : quotedPrintable(utf8Of(pieces, from, to));
            encoded.add(run);
            length += run.length;
            from = to + 1;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (byte[] run : encoded) {
            System.arraycopy(run, 0, bytes, at, run.length);
            at += run.length;
        }
        return new Encoded("quoted-printable", bytes);
    }

    /** Whether the pieces together are ASCII with lines of at most {@value #MAX_LINE} characters. */
    private static boolean sevenBit(List<TextPiece> pieces) {
        int line = 0;
        for (TextPiece piece : pieces) {
            if (!piece.ascii()) {
                return false;
            }
            if (piece.hasLineBreak()) {
                if (line + piece.firstLine() > MAX_LINE || piece.longestInnerLine() > MAX_LINE) {
                    return false;
                }
                line = piece.lastLine();
            } else {
                line += piece.firstLine();
            }
        }
        return line <= MAX_LINE;
    }

    private static byte[] utf8Of(List<TextPiece> pieces, int from, int to) {
        int length = 0;
        for (int i = from; i <= to; i++) {
            length += pieces.get(i).utf8().length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (int i = from; i <= to; i++) {
            byte[] utf8 = pieces.get(i).utf8();
            System.arraycopy(utf8, 0, bytes, at, utf8.length);
            at += utf8.length;
        }
        return bytes;
    }

    /**
     * Quoted-printable (RFC 2045 6.7) in one pass over an array: Jakarta Mail's encoder stream writes byte by byte
     * through synchronized streams, most of a digest's encoding time. Line breaks (LF or CRLF) become CRLF; '=',
     * control and non-ASCII bytes and whitespace at a line's end are written as =XX; lines are broken softly ("=")
     * to stay within 76 characters.
     */
    static byte[] quotedPrintable(byte[] utf8) {
        byte[] out = new byte[utf8.length * 3 + utf8.length / 24 * 3 + 8];
        int length = 0;
        int column = 0;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            if (b == '\r' && i + 1 < utf8.length && utf8[i + 1] == '\n') {
                continue;
            }
            if (b == '\n') {
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
                continue;
            }
            boolean lineEnds = i + 1 == utf8.length || utf8[i + 1] == '\n' || utf8[i + 1] == '\r';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnds);
            int width = literal ? 1 : 3;
            // room for this and, unless the line ends here, the soft break's '='
            if (column + width > (lineEnds ? 76 : 75)) {
                out[length++] = '=';
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
            }
            if (literal) {
                out[length++] = (byte) b;
            } else {
                out[length++] = '=';
                out[length++] = HEX[b >> 4];
                out[length++] = HEX[b & 0xf];
            }
            column += width;
        }
        return java.util.Arrays.copyOf(out, length);
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether {@code text} is ASCII (its UTF-8 form is one byte per char) with LF-separated lines of at most
     * {@value #MAX_LINE} characters: the common case (the HTML part), found with the JDK's vectorised
     * {@code indexOf} instead of a loop over every byte. False (so {@link #encodingFor} decides) otherwise, and
     * whenever the text holds a CR or a NUL.
     */
    static boolean asciiWithShortLines(String text, byte[] utf8) {
        if (utf8.length != text.length() || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            return false;
        }
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            if (end < 0) {
                end = text.length();
            }
            if (end - from > MAX_LINE) {
                return false;
            }
            from = end + 1;
        }
        return true;
    }

    /** MimeUtility's choice for text: by the share of non-ASCII bytes and the longest line. */
    static String encodingFor(byte[] utf8) {
        int nonAscii = 0;
        int line = 0;
        boolean longLine = false;
        for (byte b : utf8) {
            if (b == '\n' || b == '\r') {
                line = 0;
                continue;
            }
            if (b < 0 || b == 0) {
                nonAscii++;
            }
            if (++line > MAX_LINE) {
                longLine = true;
            }
        }
        if (nonAscii == 0 && !longLine) {
            return "7bit";
        }
        return nonAscii * 3L > utf8.length ? "base64" : "quoted-printable";
    }
}

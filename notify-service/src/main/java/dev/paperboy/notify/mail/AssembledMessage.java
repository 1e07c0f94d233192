package dev.paperboy.notify.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A multipart/alternative message (plain text, then HTML, each {@linkplain EncodedTextPart encoded once}) whose body
 * is assembled as bytes when it is built. Jakarta Mail writes an unmodified message as its header lines and then its
 * content in one write; a message holding a {@code MimeMultipart} goes at every send through its data handler (a
 * mailcap lookup), the multipart's writer and each part's headers and content stream, and {@code saveChanges} walks
 * them all first. The headers are final once built, the Message-ID ours (the same on every resend).
 */
final class AssembledMessage extends MimeMessage {

    private static final byte[] CRLF = {'\r', '\n'};

    AssembledMessage(Session session, InternetAddress from, InternetAddress to, String subject, String messageId,
                     Map<String, String> extraHeaders, String text, String html) throws MessagingException {
        this(session, from, to, subject, messageId, extraHeaders, EncodedTextPart.encode(text),
                EncodedTextPart.encode(html));
    }

    /** A message of {@code content}'s pieces, each {@linkplain EncodedTextPart#join encoded once} per run. */
    AssembledMessage(Session session, InternetAddress from, InternetAddress to, String messageId,
                     Map<String, String> extraHeaders, RenderedMail content) throws MessagingException {
        this(session, from, to, content.subject(), messageId, extraHeaders,
                EncodedTextPart.join(content.textPieces()), EncodedTextPart.join(content.htmlPieces()));
    }

    private AssembledMessage(Session session, InternetAddress from, InternetAddress to, String subject,
                             String messageId, Map<String, String> extraHeaders, EncodedTextPart.Encoded text,
                             EncodedTextPart.Encoded html) throws MessagingException {
        super(session);
        setFrom(from);
        setRecipient(Message.RecipientType.TO, to);
        setSubject(subject, StandardCharsets.UTF_8.name());
        setHeader("Message-ID", messageId);
        setHeader("MIME-Version", "1.0");
        for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
            if (header.getValue().indexOf('\r') >= 0 || header.getValue().indexOf('\n') >= 0) {
                throw new MessagingException("header " + header.getKey() + " holds CR/LF");
            }
            setHeader(header.getKey(), header.getValue());
        }
        String boundary = boundary();
        setHeader("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        this.content = body(boundary, text, html);
        // written as it is: no saveChanges, no new Message-ID, no walk through a multipart
        this.modified = false;
        this.saved = true;
    }

    /**
     * A boundary no part can hold: "=_" is never in quoted-printable or base64 text (an "=" there is always followed
     * by two hex digits or a line break), and 7bit HTML would have to hold the 128 random bits.
     */
    private static String boundary() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "=_paperboy_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of()
                .toHexDigits(random.nextLong());
    }

    /**
     * RFC 2046 5.1: each part after a delimiter line, then the close delimiter; written into an array of the exact
     * size (a growing stream and its final copy each copied the whole message once more).
     */
    private static byte[] body(String boundary, EncodedTextPart.Encoded text, EncodedTextPart.Encoded html) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] textHeaders = partHeaders("text/plain; charset=UTF-8", text);
        byte[] htmlHeaders = partHeaders("text/html; charset=UTF-8", html);
        byte[] body = new byte[3 * delimiter.length + textHeaders.length + text.bytes().length + htmlHeaders.length
                + html.bytes().length + 2 * CRLF.length + CLOSE.length];
        int at = put(body, 0, delimiter);
        at = put(body, at, textHeaders);
        at = put(body, at, text.bytes());
        at = put(body, at, CRLF);
        at = put(body, at, delimiter);
        at = put(body, at, htmlHeaders);
        at = put(body, at, html.bytes());
        at = put(body, at, CRLF);
        at = put(body, at, delimiter);
        put(body, at, CLOSE);
        return body;
    }

    /** After the close delimiter's boundary. */
    private static final byte[] CLOSE = {'-', '-', '\r', '\n'};

    /** The line break ending a delimiter line, a part's headers and the blank line after them. */
    private static byte[] partHeaders(String type, EncodedTextPart.Encoded body) {
        return ("\r\nContent-Type: " + type + "\r\nContent-Transfer-Encoding: " + body.encoding() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    /** The body is assembled and the headers are set once, when the message is built. */
    @Override
    public void saveChanges() {
    }

    @Override
    protected void updateMessageID() {
    }
}

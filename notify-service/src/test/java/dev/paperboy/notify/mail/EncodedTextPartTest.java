package dev.paperboy.notify.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedTextPartTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void eachTextArrivesIntactInTheEncodingJakartaMailWouldChoose() throws Exception {
        String ascii = "Plain digest\nwith short lines = and all.\n";
        String mostlyAscii = "<p>Quantum · Gravité — 42 upvotes</p>\n" + "<p>a long line</p>".repeat(80) + "\n";
        String mostlyOther = "量子重力の新しい理論について\n";
        assertRoundTrip(ascii, "plain", "7bit");
        assertRoundTrip(mostlyAscii, "html", "quoted-printable");
        assertRoundTrip(mostlyOther, "plain", "base64");
        assertRoundTrip("x".repeat(1200) + "\n", "plain", "quoted-printable");
    }

    @Test
    void quotedPrintableKeepsEveryCharacterAndLineOfTheText() throws Exception {
        String tricky = "a=b trailing space \nand tab\t\r\nemdash — " + "é=".repeat(60) + " \n"
                + "y".repeat(74) + "é\n" + "z".repeat(75) + " \nno newline at the end ü";
        assertRoundTrip(tricky, "plain", "quoted-printable");
        String encoded = new String(EncodedTextPart.quotedPrintable(tricky.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), java.nio.charset.StandardCharsets.US_ASCII);
        for (String line : encoded.split("\r\n", -1)) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(76);
            assertThat(line).as("no whitespace at a line's end").doesNotEndWith(" ").doesNotEndWith("\t");
        }
        assertThat(encoded).doesNotContain("\n\n").contains("a=3Db trailing space=20\r\n");
    }

    @Test
    void theAsciiShortcutChoosesWhatTheFullScanChooses() {
        String limit = "x".repeat(998);
        for (String text : new String[] {"", "a\n", limit, limit + "\n" + limit, limit + "x", "short\n" + limit + "x\n",
                "ascii\r\nwith CR", "caf\u00e9", "nul\0byte", "\n\n\n", "<p>" + "a".repeat(500) + "</p>\n".repeat(20)}) {
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            boolean shortcut = EncodedTextPart.asciiWithShortLines(text, utf8);
            assertThat(shortcut).as(text).isEqualTo(EncodedTextPart.encodingFor(utf8).equals("7bit")
                    && text.indexOf('\r') < 0);
        }
    }

    @Test
    void piecesJoinedEncodeAsTheirWholeText() {
        String limit = "x".repeat(998);
        List<List<String>> cases = List.of(
                List.of("Digest\n\n", "1. Gravité · α-Nets\n   Ada, Bó\n\n", "2. Plain\n\n", "--\nLink: ",
                        "http://h/me?token=a.b=c", "\nEnd: ", "http://h/u?token=d", ""),
                List.of("trailing space ", "\n", "tab\t", "\r", "\n", "é".repeat(40), "=\n"),
                List.of("y".repeat(74), "é\n", "z".repeat(75), " \nno newline at the end ü"),
                List.of("ascii\n", "only\n", "pieces"),
                List.of(limit, "\n", limit),
                List.of(limit, "x\n"),
                List.of("a\n" + limit, "x"),
                List.of("", "a\n", "", "b"));
        for (List<String> texts : cases) {
            List<TextPiece> pieces = texts.stream().map(TextPiece::new).toList();
            String whole = String.join("", texts);
            byte[] utf8 = whole.getBytes(StandardCharsets.UTF_8);
            EncodedTextPart.Encoded joined = EncodedTextPart.join(pieces);
            String expected = EncodedTextPart.encodingFor(utf8).equals("7bit") && whole.indexOf('\r') < 0
                    ? "7bit" : "quoted-printable";
            assertThat(joined.encoding()).as(whole).isEqualTo(expected);
            assertThat(new String(joined.bytes(), StandardCharsets.US_ASCII)).as(whole).isEqualTo(new String(
                    expected.equals("7bit") ? utf8 : EncodedTextPart.quotedPrintable(utf8), StandardCharsets.US_ASCII));
            // a second join takes the pieces' encoded forms kept from the first
            assertThat(EncodedTextPart.join(pieces).bytes()).isEqualTo(joined.bytes());
        }
    }

    private void assertRoundTrip(String text, String subtype, String encoding) throws Exception {
        MimeMessage message = new MimeMessage(session);
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(EncodedTextPart.of(text, subtype));
        message.setContent(alternative);
        message.saveChanges();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        message.writeTo(wire);

        MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(wire.toByteArray()));
        MimeBodyPart part = (MimeBodyPart) ((MimeMultipart) received.getContent()).getBodyPart(0);
        assertThat(part.getEncoding()).isEqualTo(encoding);
        assertThat(part.getContentType()).isEqualTo("text/" + subtype + "; charset=UTF-8");
        assertThat(((String) part.getContent()).replace("\r\n", "\n")).isEqualTo(text.replace("\r\n", "\n"));
        for (String line : wire.toString(java.nio.charset.StandardCharsets.ISO_8859_1).split("\r?\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
        }
    }
}

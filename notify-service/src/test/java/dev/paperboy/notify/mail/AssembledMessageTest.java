package dev.paperboy.notify.mail;

import dev.paperboy.contracts.TrendingEntry;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.util.CRLFOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An assembled message reads back, as a mail client parses it, as the multipart it stands for. */
class AssembledMessageTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void readsBackAsAMultipartAlternativeWithItsTextsAndHeaders() throws Exception {
        String text = "Paperboy daily digest: 2 trending papers\n\n1. Gravité · α-Nets\n   Ada, Bó\n"
                + "   Catalog: http://localhost:8082/papers/2511.00001\n" + "x".repeat(120) + "\n";
        String html = "<!DOCTYPE html>\n<html><body>\n" + "<p>Plain ASCII paper block</p>\n".repeat(40)
                + "<a href=\"http://h/unsubscribe?token=a.b&amp;x=1\">Unsubscribe</a>\n</body></html>\n";
        MimeMessage assembled = new AssembledMessage(session, new InternetAddress("Paperboy <digest@paperboy.local>"),
                new InternetAddress("reader@example.com"), "Paperboy daily digest: Gravité", "<digest-1@paperboy.local>",
                Map.of("List-Unsubscribe", "<http://h/unsubscribe?token=a.b>", "Auto-Submitted", "auto-generated"),
                text, html);
        assembled.saveChanges();
        assembled.setHeader("Date", DateHeader.now());

        for (boolean smtpLineEnds : new boolean[] {false, true}) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            // SMTP writes a message through a stream that makes every line end CRLF
            assembled.writeTo(smtpLineEnds ? new CRLFOutputStream(wire) : wire);
            MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(wire.toByteArray()));

            assertThat(received.getMessageID()).isEqualTo("<digest-1@paperboy.local>");
            assertThat(received.getSubject()).isEqualTo("Paperboy daily digest: Gravité");
            assertThat(received.getFrom()).containsExactly(new InternetAddress("Paperboy <digest@paperboy.local>"));
            assertThat(received.getAllRecipients()).containsExactly(new InternetAddress("reader@example.com"));
            assertThat(received.getHeader("List-Unsubscribe", null)).isEqualTo("<http://h/unsubscribe?token=a.b>");
            assertThat(received.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
            assertThat(received.getHeader("MIME-Version", null)).isEqualTo("1.0");
            assertThat(received.getSentDate()).isNotNull();
            assertThat(received.getContentType()).startsWith("multipart/alternative");

            MimeMultipart parts = (MimeMultipart) received.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            MimeBodyPart plain = (MimeBodyPart) parts.getBodyPart(0);
            MimeBodyPart rich = (MimeBodyPart) parts.getBodyPart(1);
            assertThat(plain.getContentType()).isEqualTo("text/plain; charset=UTF-8");
            assertThat(plain.getEncoding()).isEqualTo("quoted-printable");
            assertThat(((String) plain.getContent()).replace("\r\n", "\n")).isEqualTo(text);
            assertThat(rich.getContentType()).isEqualTo("text/html; charset=UTF-8");
            assertThat(rich.getEncoding()).isEqualTo("7bit");
            assertThat(((String) rich.getContent()).replace("\r\n", "\n")).isEqualTo(html);
            for (String line : wire.toString(StandardCharsets.ISO_8859_1).split("\r?\n")) {
                assertThat(line.length()).isLessThanOrEqualTo(998);
            }
        }
    }

    @Test
    void aComposedDigestWithAccentsAndLatexInItsPapersReadsBackIntact() throws Exception {
        DigestComposer composer = new MailRenderer().digestComposer();
        TrendingEntry accented = new TrendingEntry(1, "2511.00001", "Théorie de la gravité quantique: $\\alpha$-Nets "
                + "über alles, " + "très long titre ".repeat(8), List.of("Zoë Ångström", "José Núñez", "李雷"),
                "Résumé: naïve café", List.of(), List.of("gr-qc"), 7, 1.0, LocalDate.of(2026, 11, 27),
                "http://localhost:8082/papers/2511.00001");
        TrendingEntry ascii = new TrendingEntry(2, "2511.00002", "Plain title", List.of("Ada"), "", List.of(),
                List.of(), 3, 1.0, LocalDate.of(2026, 11, 27), "http://localhost:8082/papers/2511.00002");
        InternetAddress from = new InternetAddress("digest@paperboy.local");
        for (List<TrendingEntry> papers : List.of(List.of(ascii, accented), List.of(accented), List.of(ascii))) {
            // twice each: the second digest takes the papers' encoded blocks from the first
            for (String token : List.of("t1=a.b", "t2=c.d")) {
                RenderedMail content = composer.compose(papers, "daily", "http://h/me?token=" + token,
                        "http://h/unsubscribe?token=" + token);
                MimeMessage assembled = new AssembledMessage(session, from, new InternetAddress("r@example.com"),
                        "<d@x>", Map.of(), content);
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                assembled.writeTo(new CRLFOutputStream(wire));
                MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(wire.toByteArray()));
                MimeMultipart parts = (MimeMultipart) received.getContent();
                String plain = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
                String rich = ((String) parts.getBodyPart(1).getContent()).replace("\r\n", "\n");

                assertThat(plain).isEqualTo(content.text()).contains("token=" + token);
                assertThat(rich).isEqualTo(content.html()).contains("token=" + token);
                if (papers.contains(accented)) {
                    assertThat(plain).contains("Théorie de la gravité quantique: α-Nets über alles",
                            "Zoë Ångström, José Núñez, 李雷", "1. ");
                    assertThat(rich).contains("Zoë Ångström, José Núñez, 李雷", "Résumé: naïve café");
                    assertThat(((MimeBodyPart) parts.getBodyPart(1)).getEncoding()).isEqualTo("quoted-printable");
                } else {
                    assertThat(((MimeBodyPart) parts.getBodyPart(1)).getEncoding()).isEqualTo("7bit");
                }
                for (String line : wire.toString(StandardCharsets.ISO_8859_1).split("\r?\n")) {
                    assertThat(line.length()).isLessThanOrEqualTo(998);
                }
            }
        }
    }

    @Test
    void eachMessageHasItsOwnBoundaryAndNoHeaderTakesALineBreak() throws Exception {
        InternetAddress from = new InternetAddress("digest@paperboy.local");
        InternetAddress to = new InternetAddress("reader@example.com");
        MimeMessage first = new AssembledMessage(session, from, to, "s", "<1@x>", Map.of(), "a\n", "<p>a</p>\n");
        MimeMessage second = new AssembledMessage(session, from, to, "s", "<2@x>", Map.of(), "a\n", "<p>a</p>\n");
        assertThat(first.getContentType()).isNotEqualTo(second.getContentType());
        assertThatThrownBy(() -> new AssembledMessage(session, from, to, "s", "<3@x>",
                Map.of("List-Id", "x\r\nBcc: victim@example.com"), "a\n", "<p>a</p>\n"))
                .isInstanceOf(MessagingException.class);
    }
}

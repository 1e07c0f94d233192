package dev.paperboy.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InboxPageTest {

    @Test
    @Timeout(60)
    void listsAMessageSentOverSmtpAndRendersItEscaped() throws Exception {
        int smtp = FreePorts.next();
        int imap = FreePorts.next();
        int web = FreePorts.next();
        try (MailLauncher mail = new MailLauncher(smtp, imap).start();
             InboxPage inbox = new InboxPage(mail::messages, web).start()) {
            send(smtp);
            assertThat(mail.messages()).hasSize(1);

            HttpClient http = HttpClient.newHttpClient();
            String list = get(http, inbox.url());
            assertThat(list).contains("digest@paperboy.local", "reader@example.org",
                    "Confirm &lt;your&gt; subscription", "href=\"/messages/1\"");
            assertThat(list).doesNotContain("<your>");

            String message = get(http, inbox.url() + "messages/1");
            assertThat(message)
                    // the confirmation link is clickable
                    .contains("href=\"http://localhost:8083/api/subscriptions/confirm?token=abc&amp;x=1\"")
                    // the HTML part only inside a sandboxed srcdoc, escaped
                    .contains("<iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .doesNotContain("<script>")
                    .contains("&lt;b&gt;plain&lt;/b&gt;");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void send(int smtpPort) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("digest@paperboy.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("reader@example.org"));
        message.setSubject("Confirm <your> subscription");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hi <b>plain</b>, confirm: http://localhost:8083/api/subscriptions/confirm?token=abc&x=1", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hi</p><script>alert(1)</script>"
                + "<a href=\"http://localhost:8083/api/subscriptions/confirm?token=abc&amp;x=1\">Confirm</a>",
                "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        Transport.send(message);
    }
}

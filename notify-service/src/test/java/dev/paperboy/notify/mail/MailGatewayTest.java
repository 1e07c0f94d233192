package dev.paperboy.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

import java.net.ConnectException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MailGatewayTest {

    @Test
    void fiveHundredRepliesArePermanentOthersTemporary() throws Exception {
        InternetAddress to = new InternetAddress("x@example.com");
        var rejected = new SMTPAddressFailedException(to, "RCPT TO", 550, "no such user");
        SendFailedException invalid = new SendFailedException("Invalid Addresses", rejected);
        assertThat(MailGateway.isPermanent(new MailSendException("failed", invalid))).isTrue();
        assertThat(MailGateway.isPermanent(new MailSendException(Map.of(new Object(), invalid)))).isTrue();
        var busy = new SMTPSendFailedException("DATA", 451, "try later", null, null, null, null);
        assertThat(MailGateway.isPermanent(new MailSendException("failed", busy))).isFalse();
        var refused = new MessagingException("Couldn't connect", new ConnectException("refused"));
        assertThat(MailGateway.isPermanent(new MailSendException("failed", refused))).isFalse();
        var full = new SMTPSendFailedException("DATA", 552, "mailbox full", null, null, null, null);
        assertThat(MailGateway.isPermanent(full)).isTrue();
    }
}

package dev.paperboy.notify.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailSendException;

import java.util.List;

/** Hands messages to an SMTP server; {@link PooledSmtpChannel} is the real one, tests put refusing ones in. */
public interface SmtpChannel {

    /** The session messages are built in (its properties hold the SMTP settings). */
    Session session();

    /**
     * Sends {@code messages} in order. Throws a {@link MailSendException} whose failed-messages map holds each
     * refused message with its reason (or no map when nothing could be tried); the others were accepted.
     */
    void send(List<MimeMessage> messages) throws MailSendException;
}

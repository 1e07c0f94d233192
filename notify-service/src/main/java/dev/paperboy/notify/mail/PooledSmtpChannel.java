package dev.paperboy.notify.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Sends over SMTP connections that stay open between sends, with the host, port, credentials and session
 * properties Spring Boot configured on its {@link JavaMailSenderImpl}. Spring's own {@code send(MimeMessage...)}
 * opens a connection per call and checks it with a NOOP before every message; here a connection is taken from the
 * idle ones (checked only when it sat idle for {@link #IDLE_CHECK}), used for a whole batch and put back. A
 * connection that failed for any reason other than a refusal of one message is closed, never reused.
 * Callers bound the number of connections (at most one per concurrent send).
 */
@Component
public class PooledSmtpChannel implements SmtpChannel, AutoCloseable {

    /** Connections idle longer than this are checked (NOOP) before use: servers drop idle clients after minutes. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(10);
    private static final int MAX_IDLE = 64;

    private final JavaMailSenderImpl config;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    private record Connection(Transport transport, long idleSinceNanos) {
    }

    public PooledSmtpChannel(JavaMailSenderImpl config) {
        this.config = config;
    }

    @Override
    public Session session() {
        return config.getSession();
    }

    @Override
    public void send(List<MimeMessage> messages) throws MailSendException {
        Transport transport;
        try {
            transport = take();
        } catch (MessagingException e) {
            throw new MailSendException("cannot connect to the SMTP server", e);
        }
        Map<Object, Exception> failed = new LinkedHashMap<>();
        boolean healthy = true;
        for (MimeMessage message : messages) {
            if (!healthy) {
                // the connection broke: the rest go over a fresh one, or fail like it
                close(transport);
                try {
                    transport = connect();
                    healthy = true;
                } catch (MessagingException e) {
                    failed.put(message, e);
                    continue;
                }
            }
            try {
                if (message.getHeader("Date", null) == null) {
                    message.setHeader("Date", DateHeader.now());
                }
                message.saveChanges();
                Address[] recipients = message.getAllRecipients();
                transport.sendMessage(message, recipients != null ? recipients : new Address[0]);
            } catch (MessagingException | RuntimeException e) {
                failed.put(message, e);
                // after a refusal angus-mail resets the SMTP session itself, but a fresh connection is the safe choice
                healthy = false;
            }
        }
        if (healthy) {
            giveBack(transport);
        } else {
            close(transport);
        }
        if (!failed.isEmpty()) {
            throw new MailSendException(failed);
        }
    }

    private Transport take() throws MessagingException {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            long idleNanos = System.nanoTime() - connection.idleSinceNanos();
            if (idleNanos < IDLE_CHECK.toNanos() || connection.transport().isConnected()) {
                return connection.transport();
            }
            close(connection.transport());
        }
        return connect();
    }

    private Transport connect() throws MessagingException {
        Transport transport = config.getSession().getTransport(config.getProtocol() != null ? config.getProtocol()
                : "smtp");
        String username = config.getUsername();
        String password = config.getPassword();
        if ("".equals(username)) {
            username = null;
            if ("".equals(password)) {
                password = null;
            }
        }
        transport.connect(config.getHost(), config.getPort(), username, password);
        return transport;
    }

    private void giveBack(Transport transport) {
        if (idle.size() >= MAX_IDLE) {
            close(transport);
        } else {
            idle.addFirst(new Connection(transport, System.nanoTime()));
        }
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // closing a broken connection: nothing to do
        }
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            close(connection.transport());
        }
    }
}

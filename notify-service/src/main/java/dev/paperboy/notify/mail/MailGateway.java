package dev.paperboy.notify.mail;

import dev.paperboy.notify.NotifyProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Sends mail over an {@link SmtpChannel} (SMTP connections kept open, configured by Spring Boot's mail settings): at
 * most {@code mail-concurrency} sends in flight (a {@link Semaphore}; callers block, on their own threads), temporary
 * failures retried with exponential backoff by a Spring Framework 7 {@link RetryTemplate}, permanent failures (5xx
 * replies, refused addresses) not retried.
 */
@Component
public class MailGateway {

    private static final Logger log = LoggerFactory.getLogger(MailGateway.class);

    private final SmtpChannel smtp;
    private final InternetAddress from;
    private final Semaphore permits;
    private final RetryTemplate retry;
    private final Timer latency;
    private final Counter sent;
    private final Counter temporary;
    private final Counter permanent;

    public MailGateway(SmtpChannel smtp, NotifyProperties properties, MeterRegistry registry) {
        this.smtp = smtp;
        MailStreamProvider.install();
        try {
            this.from = new InternetAddress(properties.from(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("paperboy.notify.from is not an address: " + properties.from(), e);
        }
        this.permits = new Semaphore(Math.max(1, properties.mailConcurrency()), true);
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Math.max(0, properties.mailAttempts() - 1))
                .delay(properties.mailBackoff())
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(30))
                .predicate(failure -> !isPermanent(failure))
                .build());
        this.latency = Timer.builder("paperboy.notify.mail.send.latency")
                .description("SMTP send time per email, retries included").publishPercentileHistogram()
                .register(registry);
        this.sent = Counter.builder("paperboy.notify.mail.sent")
                .description("emails accepted by the SMTP server (rate = emails/s)").register(registry);
        this.temporary = Counter.builder("paperboy.notify.mail.failures").tag("kind", "temporary").register(registry);
        this.permanent = Counter.builder("paperboy.notify.mail.failures").tag("kind", "permanent").register(registry);
    }

    /** The domain of the From address, used for Message-IDs. */
    public String fromDomain() {
        String address = from.getAddress();
        return address.substring(address.indexOf('@') + 1);
    }

    /** Sends {@code mail}, blocking the calling thread; never throws for SMTP failures. */
    public SendOutcome send(OutgoingMail mail) {
        return sendBatch(List.of(mail)).getFirst();
    }

    /**
     * Sends {@code mails} over one SMTP connection, holding one of the concurrency permits. Messages refused temporarily are sent again with backoff; the outcome of each mail is
     * returned in order. Never throws for SMTP failures.
     */
    public List<SendOutcome> sendBatch(List<OutgoingMail> mails) {
        SendOutcome[] outcomes = new SendOutcome[mails.size()];
        Map<MimeMessage, Integer> positions = new IdentityHashMap<>();
        for (int i = 0; i < mails.size(); i++) {
            try {
                positions.put(build(mails.get(i)), i);
            } catch (MessagingException | RuntimeException e) {
                log.warn("cannot build mail {}: {}", mails.get(i).messageId(), e.toString());
                permanent.increment();
                outcomes[i] = SendOutcome.PERMANENT_FAILURE;
            }
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            positions.values().forEach(i -> outcomes[i] = SendOutcome.TEMPORARY_FAILURE);
            return List.of(outcomes);
        }
        List<MimeMessage> remaining = new ArrayList<>(positions.keySet());
        long start = System.nanoTime();
        try {
            retry.execute(() -> {
                Exception[] lastFailure = new Exception[1];
                List<MimeMessage> again = attempt(remaining, positions, outcomes, lastFailure);
                remaining.clear();
                remaining.addAll(again);
                if (!remaining.isEmpty()) {
                    throw new TemporaryFailure(lastFailure[0]);
                }
                return null;
            });
        } catch (RetryException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.info("{} mails failed for now: {}", remaining.size(), cause.toString());
            for (MimeMessage message : remaining) {
                outcomes[positions.get(message)] = SendOutcome.TEMPORARY_FAILURE;
                temporary.increment();
            }
        } finally {
            long elapsed = System.nanoTime() - start;
            int count = Math.max(1, positions.size());
            for (int i = 0; i < positions.size(); i++) {
                latency.record(Duration.ofNanos(elapsed / count));
            }
            permits.release();
        }
        return List.of(outcomes);
    }

    /** One send of {@code messages}; records SENT and permanent outcomes; returns the ones to try again. */
    private List<MimeMessage> attempt(List<MimeMessage> messages, Map<MimeMessage, Integer> positions,
                                      SendOutcome[] outcomes, Exception[] lastFailure) {
        Map<Object, Exception> failed;
        try {
            smtp.send(messages);
            failed = Map.of();
        } catch (MailSendException e) {
            failed = e.getFailedMessages().isEmpty() ? everyMessage(messages, e) : e.getFailedMessages();
        } catch (RuntimeException e) {
            failed = everyMessage(messages, e);
        }
        List<MimeMessage> again = new ArrayList<>();
        for (MimeMessage message : messages) {
            Exception failure = failed.get(message);
            int position = positions.get(message);
            if (failure == null) {
                outcomes[position] = SendOutcome.SENT;
                sent.increment();
            } else if (isPermanent(failure)) {
                log.warn("mail refused permanently: {}", failure.toString());
                outcomes[position] = SendOutcome.PERMANENT_FAILURE;
                permanent.increment();
            } else {
                lastFailure[0] = failure;
                again.add(message);
            }
        }
        return again;
    }

    private static Map<Object, Exception> everyMessage(List<MimeMessage> messages, Exception e) {
        Map<Object, Exception> failed = new IdentityHashMap<>();
        messages.forEach(message -> failed.put(message, e));
        return failed;
    }

    /** Some messages of a batch failed for a reason that may pass. */
    private static final class TemporaryFailure extends RuntimeException {
        TemporaryFailure(Exception cause) {
            super(cause == null ? "temporary failure" : cause.toString(), cause);
        }
    }

    /**
     * A multipart/alternative message (plain text, then HTML) {@linkplain AssembledMessage assembled once} with
     * Jakarta Mail's own header handling: Spring's {@code MimeMessageHelper} reads the MIME type map from the
     * classpath for every message it wraps.
     */
    private MimeMessage build(OutgoingMail mail) throws MessagingException {
        return new AssembledMessage(smtp.session(), from, new InternetAddress(mail.to(), true), mail.messageId(),
                mail.headers(), mail.content());
    }

    /** Whether {@code failure} will not pass by retrying: a 5xx reply, a refused address, a malformed message. */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPSendFailedException e) {
                return e.getReturnCode() >= 500;
            }
            if (t instanceof SMTPAddressFailedException e) {
                return e.getReturnCode() >= 500;
            }
            if (t instanceof SMTPSenderFailedException e) {
                return e.getReturnCode() >= 500;
            }
            if (t instanceof MailParseException || t instanceof MailPreparationException) {
                return true;
            }
            if (t instanceof MailSendException e && !e.getFailedMessages().isEmpty()) {
                return e.getFailedMessages().values().stream().anyMatch(MailGateway::isPermanent);
            }
            if (t instanceof SendFailedException e && e.getInvalidAddresses() != null
                    && e.getInvalidAddresses().length > 0 && e.getNextException() == null) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}

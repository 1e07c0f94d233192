package dev.paperboy.notify;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.Topics;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.contracts.TrendingWindow;
import dev.paperboy.testsupport.SharedInfrastructure;
import dev.paperboy.testsupport.SharedKafka;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the integration tests: one Spring context for all of them (same properties, same database), the shared
 * in-process Kafka broker and Mongo-wire server, and GreenMail as the SMTP server (restarted for each test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mail.host=127.0.0.1",
        "paperboy.notify.token-secret=integration-test-secret-0123456789-abcdefghij",
        "paperboy.notify.recovery-interval=PT0.5S",
        "paperboy.notify.retry-after=PT1S",
        "paperboy.notify.mail-backoff=100ms",
        "paperboy.notify.schedule-interval=PT1H",
        "spring.mail.properties[mail.smtp.connectiontimeout]=2000",
        "spring.mail.properties[mail.smtp.timeout]=5000"
})
@SharedInfrastructure(database = "notify-test")
public abstract class NotifyIntegrationTest {

    /** A free port chosen once per test JVM (3025 may be taken by a running local stack). */
    private static final int SMTP_PORT = freePort();

    @RegisterExtension
    protected static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.port(SMTP_PORT));

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern CONFIRM_LINK =
            Pattern.compile("http://localhost:8083(/api/subscriptions/confirm\\?token=[A-Za-z0-9_\\-.]+)");
    private static final AtomicInteger PAPER_IDS = new AtomicInteger(1000);
    private static volatile KafkaProducer<String, byte[]> producer;

    protected final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    protected Environment environment;

    @Autowired
    protected MeterRegistry meters;

    protected String url(String pathAndQuery) {
        return "http://localhost:" + environment.getProperty("local.server.port") + pathAndQuery;
    }

    protected HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> postJson(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    protected HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    /** A unique address at a real-looking domain (the validator refuses made-up top-level domains). */
    protected static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    protected static String uniqueWord(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    protected HttpResponse<String> subscribe(String email, String keywordsJson, String frequency) {
        return postJson("/api/subscriptions", """
                {"email":"%s","keywords":%s,"frequency":"%s","timeZone":"Europe/Berlin","sendHour":8,"maxPapers":10}
                """.formatted(email, keywordsJson, frequency));
    }

    /** Subscribes, reads the confirmation email, follows its link; returns the confirmation token. */
    protected String subscribeAndConfirm(String email, String keywordsJson, String frequency) {
        assertThat(subscribe(email, keywordsJson, frequency).statusCode()).isEqualTo(202);
        String link = confirmationPath(email);
        HttpResponse<String> confirmed = get(link);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("\"status\":\"active\"");
        return link.substring(link.indexOf("token=") + 6);
    }

    /** The path and query of the link in the (last) confirmation email to {@code email}. */
    protected String confirmationPath(String email) {
        await().atMost(WAIT).until(() -> !messagesTo(email, "Confirm").isEmpty());
        List<MimeMessage> confirmations = messagesTo(email, "Confirm");
        Matcher matcher = CONFIRM_LINK.matcher(text(confirmations.getLast()));
        assertThat(matcher.find()).as("confirmation link in the email").isTrue();
        return matcher.group(1);
    }

    protected static List<MimeMessage> messagesTo(String email, String subjectPart) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                Address[] to = m.getRecipients(Message.RecipientType.TO);
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(email))
                        && m.getSubject() != null && m.getSubject().contains(subjectPart);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    protected static List<MimeMessage> digestsTo(String email) {
        return messagesTo(email, "digest");
    }

    /** The text/plain part of a message. */
    protected static String text(Part part) {
        return partOf(part, "text/plain");
    }

    protected static String html(Part part) {
        return partOf(part, "text/html");
    }

    private static String partOf(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = partOf(body, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static TrendingEntry paper(String title, List<String> keywords, List<String> categories,
                                         List<String> authors, int upvotes) {
        String id = "2511." + String.format("%05d", PAPER_IDS.incrementAndGet());
        return new TrendingEntry(1, id, title, authors, "An excerpt about " + title, keywords, categories, upvotes,
                upvotes * 1.5, LocalDate.of(2025, 11, 26), "http://localhost:8082/papers/" + id);
    }

    protected static TrendingSnapshot snapshot(TrendingEntry... entries) {
        return new TrendingSnapshot(TrendingSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(),
                TrendingWindow.DAY, Instant.now(), List.of(entries));
    }

    protected double processedSnapshots() {
        return meters.counter("paperboy.notify.snapshots.processed").count();
    }

    /** Publishes {@code snapshot} to trending.v1 {@code times} times and waits until all were processed. */
    protected void publishAndWait(TrendingSnapshot snapshot, int times) {
        double before = processedSnapshots();
        for (int i = 0; i < times; i++) {
            publishRaw(EventCodec.toJson(snapshot));
        }
        await().atMost(WAIT).until(() -> processedSnapshots() >= before + times);
    }

    protected static void publishRaw(byte[] payload) {
        try {
            producer().send(new ProducerRecord<>(Topics.TRENDING, TrendingWindow.DAY.wireName(), payload)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}

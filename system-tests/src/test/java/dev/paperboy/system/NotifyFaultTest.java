package dev.paperboy.system;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.contracts.TrendingWindow;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on the path trending.v1 → notify → SMTP, over a broker, Mongo-wire server and GreenMail of this class
 * alone: the SMTP server down while a digest run sends, and every trending snapshot delivered three times. In both,
 * each confirmed subscriber gets each digest exactly once: the digest emails received are exactly the digests in
 * notify's ledger, none missing, none twice.
 *
 * <p>Notify runs with {@code paperboy.notify.retry-after=3s} and {@code recovery-interval=2s} (production: 1 min and
 * 30 s) so that a postponed digest is retried within the test's time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifyFaultTest {

    private static final Pattern CONFIRM_LINK =
            Pattern.compile("(http://localhost:\\d+/api/subscriptions/confirm\\?token=[A-Za-z0-9._~%-]+)");
    private static final int SUBSCRIBERS = 3;

    private static FaultStack stack;
    private static MongoClient mongo;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        stack = FaultStack.start("notify", "catalog", "notify");
        mongo = stack.mongoClient();
        System.out.printf("[faults] catalog + notify + GreenMail up in %d s%n", seconds(t0));
    }

    @AfterAll
    static void stop() {
        if (mongo != null) {
            mongo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everySnapshotDeliveredThreeTimesGivesEachSubscriberOneDigest() throws Exception {
        long t0 = System.nanoTime();
        List<String> subscribers = subscribe("triple", "zebrafish tomography");
        int digestsBefore = digestMessages().size();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        TrendingSnapshot snapshot = new TrendingSnapshot(TrendingSnapshot.SCHEMA_VERSION,
                UUID.randomUUID().toString(), TrendingWindow.DAY, Instant.now(), List.of(
                new TrendingEntry(1, "2612.00001", "Zebrafish tomography at scale", List.of("Z. Fish"),
                        "Zebrafish tomography, delivered three times.", List.of("zebrafish tomography"),
                        List.of("q-bio.QM"), 42, 9.5, LocalDate.parse(today),
                        stack.catalog.url("/api/papers/2612.00001").toString())));
        byte[] bytes = EventCodec.toJson(snapshot);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.TRENDING, TrendingWindow.DAY.wireName(), bytes)).get();
            }
        }
        // all three copies consumed (the group's committed offset reached the end of trending.v1) ...
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(NotifyFaultTest::notifyCaughtUp);
        // ... and the mail count stays where it is for a while: nothing more arrives later
        await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> digestsTo(subscribers).size() >= SUBSCRIBERS
                        && digestsTo(subscribers).size() == digestMessages().size() - digestsBefore);
        assertEachOnce("trending.v1 snapshot delivered 3 times", subscribers, 3, t0);
    }

    @Test
    @Order(2)
    void smtpDownDuringADigestRunDeliversEveryDigestOnceAfterItReturns() throws Exception {
        long t0 = System.nanoTime();
        List<String> subscribers = subscribe("smtp", "quasar lattice");
        List<String> papers = seedTrendingPapers(5);
        double failuresBefore = temporaryFailures();

        stack.stopMail();
        long down = System.nanoTime();
        HttpResponse<String> run = FaultLoad.HTTP.send(HttpRequest.newBuilder(
                        stack.catalog.url("/api/admin/trending/run")).header("X-API-Key", FaultStack.API_KEY)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        // notify tried, failed temporarily and postponed every digest of the run
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> temporaryFailures() - failuresBefore >= SUBSCRIBERS);
        double failed = temporaryFailures() - failuresBefore;
        int receivedWhileDown = digestsTo(subscribers).size();
        stack.startMail();
        long up = System.nanoTime();
        System.out.printf("[faults] SMTP down %.1f s: %d papers trending, %.0f temporary send failures, %d digests "
                + "received meanwhile%n", (up - down) / 1e9, papers.size(), failed, receivedWhileDown);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> digestsTo(subscribers).stream().map(NotifyFaultTest::recipient).distinct().count()
                        == SUBSCRIBERS);
        System.out.printf("[faults] every subscriber had its digest %.1f s after SMTP returned%n",
                (System.nanoTime() - up) / 1e9);
        // nothing else arrives later (a retry of a digest that was sent after all would be a duplicate)
        await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> pendingDigests() == 0);
        assertEachOnce("SMTP down during a digest run", subscribers, 1, t0);
    }

    /** Subscribes and confirms {@value #SUBSCRIBERS} instant subscribers to {@code keyword}; answers the addresses. */
    private static List<String> subscribe(String prefix, String keyword) throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 1; i <= SUBSCRIBERS; i++) {
            String email = prefix + "-" + i + "@example.org";
            HttpResponse<String> subscribed = FaultLoad.HTTP.send(HttpRequest.newBuilder(
                            stack.notify.url("/api/subscriptions")).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("""
                            {"email":"%s","keywords":["%s"],"frequency":"instant","timeZone":"UTC",
                             "sendHour":8,"maxPapers":10}""".formatted(email, keyword))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(202);
            emails.add(email);
        }
        for (String email : emails) {
            MimeMessage confirmation = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.mail().stream().filter(m -> email.equals(recipient(m))).findFirst()
                            .orElse(null), m -> m != null);
            Matcher link = CONFIRM_LINK.matcher(GreenMailUtil.getBody(confirmation).replace("=\r\n", "")
                    .replace("=3D", "="));
            assertThat(link.find()).as("confirmation link in the email to " + email).isTrue();
            HttpResponse<String> confirmed = FaultLoad.HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        }
        return emails;
    }

    /** Papers with today's Daily Papers date and upvotes, straight onto papers.v1; waits until the catalog has them. */
    private static List<String> seedTrendingPapers(int count) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 1; i <= count; i++) {
                String id = "2611.%05d".formatted(i);
                ids.add(id);
                PaperEvent paper = new PaperEvent(PaperEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), id, 1,
                        "Quasar lattice study " + i, "On quasar lattice structures, part " + i + ".",
                        List.of("Q. Lattice"), List.of("astro-ph.CO"), "astro-ph.CO", List.of("quasar lattice"),
                        now.minusSeconds(3600), null, today, 10 + i, null, null, null, null, null, null, null, null,
                        Source.API, now);
                producer.send(new ProducerRecord<>(Topics.PAPERS, id, EventCodec.toJson(paper))).get();
            }
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() ->
                mongo.getDatabase("catalog").getCollection("papers").countDocuments(Filters.in("_id", ids))
                        == count);
        return ids;
    }

    /**
     * Each subscriber got at least one digest; the digest emails to them are exactly the ledger's digests for them
     * (by Message-ID): none missing, none received twice, none that the ledger does not know.
     */
    private static void assertEachOnce(String fault, List<String> subscribers, int deliveries, long t0)
            throws Exception {
        List<MimeMessage> received = digestsTo(subscribers);
        Map<String, Integer> perMessageId = new HashMap<>();
        Map<String, Integer> perSubscriber = new HashMap<>();
        for (MimeMessage m : received) {
            perMessageId.merge(m.getMessageID(), 1, Integer::sum);
            perSubscriber.merge(recipient(m), 1, Integer::sum);
        }
        Set<String> ledger = new HashSet<>();
        Set<String> notSent = new HashSet<>();
        Set<String> subscriberIds = subscriberIds(subscribers);
        for (Document d : mongo.getDatabase("notify").getCollection("offers")
                .find(Filters.in("subscriberId", subscriberIds))) {
            ledger.add(d.getString("messageId"));
            if (!"SENT".equals(d.getString("state"))) {
                notSent.add(d.getString("_id") + "=" + d.getString("state"));
            }
        }
        Set<String> missing = new HashSet<>(ledger);
        missing.removeAll(perMessageId.keySet());
        Set<String> unknown = new HashSet<>(perMessageId.keySet());
        unknown.removeAll(ledger);
        long duplicates = perMessageId.values().stream().mapToLong(c -> c - 1).sum();
        System.out.printf("[faults] %s: deliveries of the event %d, subscribers %d, digests in the ledger %d, digest "
                        + "emails received %d %s, lost %d, duplicated %d, unknown %d, not SENT %s, %d s%n", fault,
                deliveries, subscribers.size(), ledger.size(), received.size(), perSubscriber, missing.size(),
                duplicates, unknown.size(), notSent, seconds(t0));
        assertThat(perSubscriber.keySet()).as("subscribers with a digest").containsExactlyInAnyOrderElementsOf(
                subscribers);
        assertThat(missing).as("digests in the ledger never received").isEmpty();
        assertThat(duplicates).as("digest emails received more than once").isZero();
        assertThat(unknown).as("digest emails the ledger does not know").isEmpty();
        assertThat(notSent).as("digests not SENT").isEmpty();
    }

    private static Set<String> subscriberIds(List<String> emails) {
        Set<String> ids = new HashSet<>();
        for (Document d : mongo.getDatabase("notify").getCollection("subscriptions").find()) {
            if (emails.contains(String.valueOf(d.get("email")))) {
                ids.add(d.get("_id").toString());
            }
        }
        assertThat(ids).as("subscriptions of " + emails).hasSize(emails.size());
        return ids;
    }

    private static List<MimeMessage> digestMessages() {
        return stack.mail().stream().filter(NotifyFaultTest::isDigest).toList();
    }

    private static List<MimeMessage> digestsTo(List<String> subscribers) {
        return digestMessages().stream().filter(m -> subscribers.contains(recipient(m))).toList();
    }

    private static boolean isDigest(MimeMessage message) {
        try {
            return message.getHeader("List-Id") != null;
        } catch (MessagingException e) {
            return false;
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            var to = message.getRecipients(Message.RecipientType.TO);
            return to == null || to.length == 0 ? null
                    : ((jakarta.mail.internet.InternetAddress) to[0]).getAddress();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** paperboy.notify.digests.failed{kind=temporary} of the notify service. */
    private static double temporaryFailures() {
        return FaultLoad.prometheus(stack.notify, "paperboy_notify_digests_failed_total", "kind=\"temporary\"");
    }

    private static long pendingDigests() {
        return mongo.getDatabase("notify").getCollection("offers").countDocuments(Filters.eq("state", "PENDING"));
    }

    private static boolean notifyCaughtUp() throws Exception {
        try (Admin admin = stack.kafka.admin()) {
            TopicPartition trending = new TopicPartition(Topics.TRENDING, 0);
            long end = admin.listOffsets(Map.of(trending, OffsetSpec.latest())).partitionResult(trending)
                    .get(10, TimeUnit.SECONDS).offset();
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("notify").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(trending);
            return committed != null && committed.offset() >= end;
        }
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}

package dev.paperboy.system;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The vertical slice across all three services, each its own JVM from its runnable jar: a paper POSTed to ingest is
 * stored and searchable in the catalog, a confirmed subscriber gets it in a digest after the catalog publishes
 * trending. Subclasses choose the Kafka and MongoDB the services run against; GreenMail is the SMTP server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerticalSliceContract {

    private static final String API_KEY = "system-test-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path indexDir;

    ServiceProcess ingest;
    ServiceProcess catalog;
    ServiceProcess notify;

    /** Kafka bootstrap servers the services use. */
    abstract String kafkaBootstrapServers();

    /** A MongoDB connection string for {@code database}. */
    abstract String mongoUri(String database);

    @BeforeAll
    void startServices() {
        String kafka = kafkaBootstrapServers();
        int catalogPort = ServiceProcess.freePort();
        int notifyPort = ServiceProcess.freePort();
        ingest = ServiceProcess.start("ingest-service", ServiceProcess.freePort(), env(kafka, "e2e-ingest", Map.of(
                "PAPERBOY_INGEST_API_KEY", API_KEY)));
        catalog = ServiceProcess.start("catalog-service", catalogPort, env(kafka, "e2e-catalog", Map.of(
                "PAPERBOY_CATALOG_API_KEY", API_KEY,
                "PAPERBOY_CATALOG_PUBLIC_URL", "http://localhost:" + catalogPort,
                "PAPERBOY_CATALOG_SEARCH_INDEX_DIR", indexDir.toString())));
        notify = ServiceProcess.start("notify-service", notifyPort, env(kafka, "e2e-notify", Map.of(
                "SPRING_MAIL_HOST", "localhost",
                "SPRING_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                "PAPERBOY_NOTIFY_PUBLIC_URL", "http://localhost:" + notifyPort,
                "PAPERBOY_NOTIFY_TOKEN_SECRET", "system-test-secret-with-enough-entropy")));
        // The three JVMs start in parallel; two cores make this the slowest part of the suite.
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> ingest.awaitReady(Duration.ofMinutes(3))),
                CompletableFuture.runAsync(() -> catalog.awaitReady(Duration.ofMinutes(3))),
                CompletableFuture.runAsync(() -> notify.awaitReady(Duration.ofMinutes(3)))).join();
    }

    private Map<String, String> env(String kafka, String database, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("SPRING_MONGODB_URI", mongoUri(database));
        return env;
    }

    @AfterAll
    void stopServices() {
        for (ServiceProcess service : new ServiceProcess[]{notify, catalog, ingest}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void paperFlowsFromIngestThroughCatalogToASubscribersInbox() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String paper = """
                {"arxivId":"2508.11442v2",
                 "title":"CoDiEmb: A Collaborative yet Distinct Framework for Unified\\n   Representation Learning",
                 "abstract":"Learning unified text embeddings that excel across diverse downstream tasks is a central goal in representation learning.",
                 "authors":["Bowen Zhang","Zixin Song"],"categories":["cs.IR","cs.CL"],"keywords":["embeddings"],
                 "publishedDate":"%s","dailyDate":"%s","upvotes":12}""".formatted(today, today);

        HttpResponse<String> accepted = send(HttpRequest.newBuilder(ingest.url("/api/papers"))
                .header("Content-Type", "application/json").header("X-API-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(paper)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        // Stored in MongoDB by the catalog's consumer; readable by id in every form.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> byId = send(HttpRequest.newBuilder(catalog.url("/api/papers/2508.11442v2")));
            assertThat(byId.statusCode()).isEqualTo(200);
            assertThat(byId.body()).contains("\"id\":\"2508.11442\"").contains("CoDiEmb: A Collaborative yet "
                    + "Distinct Framework for Unified Representation Learning");
        });
        // Searchable through the catalog's index, fed from MongoDB.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> search = send(HttpRequest.newBuilder(
                    catalog.url("/api/papers/search?q=unified%20embeddings")));
            assertThat(search.statusCode()).isEqualTo(200);
            assertThat(search.body()).contains("\"id\":\"2508.11442\"");
        });

        // A subscriber confirms through the link in the confirmation email.
        String subscriber = "reader@example.org";
        HttpResponse<String> subscribed = send(HttpRequest.newBuilder(notify.url("/api/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"email":"%s","keywords":["embeddings"],"frequency":"instant","timeZone":"UTC",
                         "sendHour":8,"maxPapers":10}""".formatted(subscriber))));
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(202);
        MimeMessage confirmation = awaitMessage(subscriber, 1).get(0);
        assertThat(confirmation.getSubject()).containsIgnoringCase("confirm");
        Matcher link = Pattern.compile("(http://localhost:\\d+/api/subscriptions/confirm\\?token=[A-Za-z0-9._~%-]+)")
                .matcher(GreenMailUtil.getBody(confirmation).replace("=\r\n", "").replace("=3D", "="));
        assertThat(link.find()).as("confirmation link in the email").isTrue();
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(URI.create(link.group(1))));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

        // The catalog publishes trending; the subscriber receives the digest with the paper.
        HttpResponse<String> trending = send(HttpRequest.newBuilder(catalog.url("/api/admin/trending/run"))
                .header("X-API-Key", API_KEY).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(trending.statusCode()).as(trending.body()).isEqualTo(200);
        MimeMessage digest = awaitMessage(subscriber, 2).get(1);
        assertThat(GreenMailUtil.getBody(digest)).contains("CoDiEmb").contains("2508.11442");
        assertThat(digest.getHeader("List-Unsubscribe")).isNotEmpty();
    }

    private static List<MimeMessage> awaitMessage(String recipient, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> MAIL.getReceivedMessagesForDomain(recipient).length >= count);
        return List.of(MAIL.getReceivedMessagesForDomain(recipient));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

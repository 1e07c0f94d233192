package dev.paperboy.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The vertical slice across all three services, each its own JVM from its runnable jar: a paper POSTed to ingest is
 * stored and searchable in the catalog, a confirmed subscriber gets it in a digest after the catalog publishes
 * trending. Subclasses choose the Kafka and MongoDB the services run against; GreenMail is the SMTP server.
 */
abstract class VerticalSliceContract {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The running services this test talks to. */
    abstract PaperboyStack stack();

    @Test
    void paperFlowsFromIngestThroughCatalogToASubscribersInbox() throws Exception {
        PaperboyStack stack = stack();
        ServiceProcess ingest = stack.ingest;
        ServiceProcess catalog = stack.catalog;
        ServiceProcess notify = stack.notify;
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String paper = """
                {"arxivId":"2508.11442v2",
                 "title":"CoDiEmb: A Collaborative yet Distinct Framework for Unified\\n   Representation Learning",
                 "abstract":"Learning unified text embeddings that excel across diverse downstream tasks is a central goal in representation learning.",
                 "authors":["Bowen Zhang","Zixin Song"],"categories":["cs.IR","cs.CL"],"keywords":["embeddings"],
                 "publishedDate":"%s","dailyDate":"%s","upvotes":12}""".formatted(today, today);

        // the client's own trace: the paper's journey must show up in it, service after service
        String traceId = UUID.randomUUID().toString().replace("-", "");
        stack.traces.watch(traceId);
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(ingest.url("/api/papers"))
                .header("Content-Type", "application/json").header("X-API-Key", PaperboyStack.API_KEY)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
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
                .header("X-API-Key", PaperboyStack.API_KEY).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(trending.statusCode()).as(trending.body()).isEqualTo(200);
        MimeMessage digest = awaitMessage(subscriber, 2).get(1);
        assertThat(GreenMailUtil.getBody(digest)).contains("CoDiEmb").contains("2508.11442");
        assertThat(digest.getHeader("List-Unsubscribe")).isNotEmpty();

        // One trace follows the paper: ingest's request and send, the catalog's apply, the email's delivery.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stack.traces.services(traceId))
                .as("services in trace %s: %s", traceId, stack.traces.spans(traceId))
                .contains("ingest-service", "catalog-service", "notify-service"));
    }

    private List<MimeMessage> awaitMessage(String recipient, int count) {
        GreenMail mail = stack().mail;
        await().atMost(Duration.ofSeconds(60)).until(() -> mail.getReceivedMessagesForDomain(recipient).length >= count);
        return List.of(mail.getReceivedMessagesForDomain(recipient));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.paperboy.notify.subscriptions;

import dev.paperboy.notify.NotifyIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The subscriptions API: validation, signed links, preferences, pause/resume, unsubscribe. */
class SubscriptionApiTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;

    @Test
    void badInputIsRefusedWithTheFieldNamed() {
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"not-an-address\"}"), 400, "email");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"frequency\":\"hourly\"}"),
                400, "frequency");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"sendHour\":24}"), 400, "sendHour");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"maxPapers\":0}"), 400, "maxPapers");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"timeZone\":\"Mars/Base\"}"),
                400, "timeZone");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"sendHour\":\"eight\"}"),
                400, "sendHour");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"keywords\":[\"" + "k".repeat(65)
                + "\"]}"), 400, "keywords[0]");
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(21, "\"a\"")) + "]";
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@example.com\",\"authors\":" + tooMany + "}"),
                400, "authors");
        assertProblem(postJson("/api/subscriptions", "{\"email\":\"x@paperboy.invalidtld\"}"), 400, "email");
        HttpResponse<String> notJson = postJson("/api/subscriptions", "{oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void headerInjectionIsRefused() {
        assertProblem(postJson("/api/subscriptions",
                "{\"email\":\"eve@example.com\\r\\nBcc: victim@example.com\"}"), 400, "email");
        assertProblem(postJson("/api/subscriptions",
                "{\"email\":\"eve@example.com\\nSubject: hi\"}"), 400, "email");
        assertProblem(postJson("/api/subscriptions",
                "{\"email\":\"eve@example.com\",\"keywords\":[\"ok\",\"x\\r\\nBcc: a@example.com\"]}"), 400,
                "keywords[1]");
        assertProblem(postJson("/api/subscriptions",
                "{\"email\":\"eve@example.com\",\"authors\":[\"A\\u2028B\"]}"), 400, "authors[0]");
        assertThat(mongo.count(Query.query(where("email").regex("^eve@")), Subscription.class)).isZero();
    }

    @Test
    void forgedOrAlteredTokensAreRefused() {
        String email = uniqueEmail("mallory");
        String token = subscribeAndConfirm(email, "[]", "daily");
        String manage = manageToken(email);
        // a confirmation token is not a management token
        assertThat(get("/api/subscriptions/me?token=" + token).statusCode()).isEqualTo(403);
        assertThat(get("/api/subscriptions/me?token=" + manage).statusCode()).isEqualTo(200);
        String altered = manage.substring(0, 3) + (manage.charAt(3) == 'A' ? 'B' : 'A') + manage.substring(4);
        HttpResponse<String> refused = get("/api/subscriptions/me?token=" + altered);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"title\":\"Invalid or expired link\"");
        assertThat(send("POST", "/api/subscriptions/unsubscribe?token=forged.token", null, null).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/subscriptions/confirm?token=").statusCode()).isEqualTo(403);
        assertThat(get("/api/subscriptions/confirm").statusCode()).isEqualTo(400);
        String otherSecret = new dev.paperboy.notify.tokens.TokenService(new dev.paperboy.notify.NotifyProperties(
                "http://localhost:8083", "Paperboy <digest@paperboy.local>", "another-secret-0123456789-0123456789-0123", Duration.ofHours(1),
                Duration.ofHours(1), 3, Duration.ofHours(1), 1, 1, Duration.ofMillis(1), 3, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofDays(30),
                Duration.ofHours(6)), java.time.Clock.systemUTC())
                .manageToken(idOf(email));
        assertThat(get("/api/subscriptions/me?token=" + otherSecret).statusCode()).isEqualTo(403);
        assertThat(mongo.findOne(Query.query(where("email").is(email)), Subscription.class).state())
                .isEqualTo(SubscriptionState.ACTIVE);
    }

    @Test
    void signingUpAgainUpdatesTheOneSubscriptionAndConfirmationsAreRateLimited() {
        String email = uniqueEmail("Dora");
        for (int i = 0; i < 5; i++) {
            assertThat(subscribe(email.toUpperCase(), "[\"w" + i + "\"]", "weekly").statusCode()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> messagesTo(email, "Confirm").size() >= 3);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> messagesTo(email, "Confirm").size() == 3);
        List<Subscription> stored = mongo.find(Query.query(where("email").is(email.toLowerCase())), Subscription.class);
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().preferences().keywords()).containsExactly("w4");
        assertThat(stored.getFirst().state()).isEqualTo(SubscriptionState.PENDING);
    }

    @Test
    void preferencesPauseResumeAndOneClickUnsubscribe() throws Exception {
        String word = uniqueWord("graph");
        String email = uniqueEmail("erin");
        subscribeAndConfirm(email, "[\"" + word + "\"]", "instant");
        String manage = manageToken(email);

        HttpResponse<String> me = get("/api/subscriptions/me?token=" + manage);
        assertThat(me.body()).contains("\"email\":\"" + email + "\"", "\"frequency\":\"instant\"", word);
        HttpResponse<String> changed = send("PUT", "/api/subscriptions/me?token=" + manage, "application/json",
                "{\"keywords\":[\"" + word + "\"],\"categories\":[\"cs.LG\"],\"frequency\":\"instant\",\"maxPapers\":5}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"categories\":[\"cs.LG\"]", "\"maxPapers\":5");
        assertProblem(send("PUT", "/api/subscriptions/me?token=" + manage, "application/json",
                "{\"categories\":[\"cs LG\\r\\n\"]}"), 400, "categories[0]");

        assertThat(send("POST", "/api/subscriptions/pause?token=" + manage, null, null).body())
                .contains("\"status\":\"paused\"");
        publishAndWait(snapshot(paper("Paused " + word, List.of(), List.of("cs.LG"), List.of("P"), 1)), 1);
        assertThat(digestsTo(email)).isEmpty();
        assertThat(send("POST", "/api/subscriptions/resume?token=" + manage, null, null).body())
                .contains("\"status\":\"active\"");
        publishAndWait(snapshot(paper("Resumed " + word, List.of(), List.of("cs.LG"), List.of("R"), 1)), 1);
        await().atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        MimeMessage digest = digestsTo(email).getFirst();
        assertThat(text(digest)).contains("Resumed " + word).doesNotContain("Paused " + word);

        String listUnsubscribe = digest.getHeader("List-Unsubscribe")[0];
        String path = listUnsubscribe.substring(listUnsubscribe.indexOf("/api/"), listUnsubscribe.length() - 1);
        HttpResponse<String> page = send("GET", path, null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "method=\"post\"", "Unsubscribe");
        // the GET page does not unsubscribe by itself
        assertThat(get("/api/subscriptions/me?token=" + manage).body()).contains("\"status\":\"active\"");
        HttpResponse<String> oneClick = send("POST", path, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("\"status\":\"unsubscribed\"");

        publishAndWait(snapshot(paper("After unsubscribing " + word, List.of(), List.of("cs.LG"), List.of("U"), 9)), 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> digestsTo(email).size() == 1);
    }

    private String idOf(String email) {
        return mongo.findOne(Query.query(where("email").is(email)), Subscription.class).id();
    }

    @Autowired
    dev.paperboy.notify.tokens.TokenService tokens;

    /** The preferences token as it appears in digests (issued by the service's own TokenService). */
    private String manageToken(String email) {
        return tokens.manageToken(idOf(email));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Matcher matcher = Pattern.compile("\"field\":\"([^\"]+)\"").matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        assertThat(matcher.group(1)).isEqualTo(field);
        assertThat(response.body()).contains("\"type\":", "\"title\":", "\"status\":" + status, "\"detail\":",
                "\"instance\":\"/api/subscriptions");
    }

}

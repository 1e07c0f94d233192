package dev.paperboy.system;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static dev.paperboy.system.HttpProbe.assertNoServerError;
import static dev.paperboy.system.HttpProbe.assertRejectsField;
import static dev.paperboy.system.HttpProbe.get;
import static dev.paperboy.system.HttpProbe.postJson;
import static dev.paperboy.system.HttpProbe.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-written hostile inputs against every HTTP API of the running stack: zero 5xx, and every refusal a
 * problem+json naming the field.
 */
class HostileHttpInputTest {

    private static final String VALID_PAPER = """
            {"arxivId":"2501.00001","title":"A valid title","abstract":"A valid abstract.","authors":["A. Author"],
             "category":"cs.LG","publishedDate":"2025-01-02","upvotes":1}""";

    static PaperboyStack stack() {
        return PaperboyStack.inProcess();
    }

    static Stream<Arguments> invalidPapers() {
        return Stream.of(
                paper("missing id", "{\"title\":\"T\",\"abstract\":\"A\",\"authors\":[\"X\"]}", "arxivId"),
                paper("id is a Mongo operator", replace("\"2501.00001\"", "{\"$gt\":\"\"}"), "arxivId"),
                paper("id is an operator string", replace("\"2501.00001\"", "\"{\\\"$gt\\\": \\\"\\\"}\""), "arxivId"),
                paper("id not arXiv", replace("2501.00001", "not-an-id"), "arxivId"),
                paper("id path traversal", replace("2501.00001", "../../etc/passwd"), "arxivId"),
                paper("id with version 0", replace("2501.00001", "2501.00001v0"), "arxivId"),
                paper("title missing", VALID_PAPER.replace("\"title\":\"A valid title\",", ""), "title"),
                paper("title blank", replace("A valid title", "   "), "title"),
                paper("title huge", replace("A valid title", "t".repeat(100_000)), "title"),
                paper("title a number", replace("\"A valid title\"", "42"), "title"),
                paper("title an object", replace("\"A valid title\"", "{\"a\":1}"), "title"),
                paper("title with NUL", replace("A valid title", "bad\\u0000title"), "title"),
                paper("abstract huge", replace("A valid abstract.", "a".repeat(200_000)), "abstract"),
                paper("abstract an array", replace("\"A valid abstract.\"", "[1,2]"), "abstract"),
                paper("authors a string", replace("[\"A. Author\"]", "\"A. Author\""), "authors"),
                paper("authors too many", replace("[\"A. Author\"]", manyAuthors(5_000)), "authors"),
                paper("author blank", replace("[\"A. Author\"]", "[\"\"]"), "authors"),
                paper("upvotes negative", replace("\"upvotes\":1", "\"upvotes\":-1"), "upvotes"),
                paper("upvotes a word", replace("\"upvotes\":1", "\"upvotes\":\"many\""), "upvotes"),
                paper("upvotes overflow", replace("\"upvotes\":1", "\"upvotes\":99999999999999999999"), "upvotes"),
                paper("date month 13", replace("2025-01-02", "2025-13-45"), "publishedDate"),
                paper("date year 99999", replace("2025-01-02", "99999-01-01"), "publishedDate"),
                paper("date garbage", replace("2025-01-02", "yesterday"), "publishedDate"),
                paper("category injection", replace("cs.LG", "cs.LG\\r\\nBcc: evil@example.org"), "category"));
    }

    @ParameterizedTest(name = "ingest refuses {0}")
    @MethodSource("invalidPapers")
    void ingestRefusesInvalidPapersNamingTheField(String body, String field) {
        HttpResponse<String> response = send(postJson(stack().ingest.url("/api/papers"), body));
        assertRejectsField(response, field, body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of("", "{", "[]", "null", "\"just a string\"", "{\"title\":", "{]", "\u0000\u0001",
                        "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":" + "[".repeat(3_000),
                        "{\"arxivId\":\"2501.00001\",\"title\":\"\\ud800\"}", "<paper><title>x</title></paper>",
                        "{\"arxivId\":\"2501.00001\",\"title\":\"T\",\"title\":\"U\"", "\uFEFF{}")
                .map(body -> Arguments.of(Named.of(abbreviate(body), body)));
    }

    @ParameterizedTest(name = "ingest answers 4xx to malformed body {0}")
    @MethodSource("malformedBodies")
    void ingestAnswersMalformedJsonWithAProblem(String body) {
        HttpResponse<String> response = assertNoServerError(
                send(postJson(stack().ingest.url("/api/papers"), body)), abbreviate(body));
        assertThat(response.statusCode()).isBetween(400, 499);
    }

    @ParameterizedTest(name = "ingest without the API key: {0}")
    @MethodSource("adminPaths")
    void ingestAdminNeedsTheKey(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(stack().ingest.url(path))
                .header("Content-Type", "application/json").header("X-API-Key", "wrong-key")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_PAPER)));
        assertNoServerError(response, path);
        assertThat(response.statusCode()).isEqualTo(401);
    }

    static Stream<String> adminPaths() {
        return Stream.of("/api/papers", "/api/imports?format=jsonl", "/api/backfills", "/api/papers/arxiv/2501.00001");
    }

    static Stream<Arguments> badCatalogQueries() {
        return Stream.of(
                query("/api/papers?limit=0", "limit"), query("/api/papers?limit=101", "limit"),
                query("/api/papers?limit=abc", "limit"), query("/api/papers?limit=-5", "limit"),
                query("/api/papers?date=2025-13-45", "date"), query("/api/papers?date=yesterday", "date"),
                query("/api/papers?week=2025-W60", "week"), query("/api/papers?week=2025-12", "week"),
                query("/api/papers?month=2025-13", "month"), query("/api/papers?month=2025", "month"),
                query("/api/papers?sort=random", "sort"), query("/api/papers?minUpvotes=-1", "minUpvotes"),
                query("/api/papers?minUpvotes=lots", "minUpvotes"), query("/api/papers?cursor=not-a-cursor", "cursor"),
                query("/api/papers?cursor=" + enc("{\"$gt\": \"\"}"), "cursor"),
                query("/api/papers?from=2025-02-30", "from"), query("/api/papers?to=31/12/2025", "to"),
                query("/api/papers/search?q=", "q"), query("/api/papers/search?q=%20%20", "q"),
                query("/api/papers/search?q=" + "x".repeat(5_000), "q"),
                query("/api/papers/search?q=llm&limit=1000", "limit"),
                query("/api/trending?window=month", "window"), query("/api/trending?window=" + enc("{\"$ne\":1}"), "window"));
    }

    @ParameterizedTest(name = "catalog refuses {0}")
    @MethodSource("badCatalogQueries")
    void catalogRefusesBadParametersNamingThem(String pathAndQuery, String field) {
        assertRejectsField(send(get(stack().catalog.url(pathAndQuery))), field, pathAndQuery);
    }

    static Stream<String> oddButValidSearches() {
        return Stream.of("\"unbalanced quote", "+", "++--", ":", "title:", "*", "?", "a*b?", "\"\"", "(", ")",
                "[1 TO", "{\"$gt\": \"\"}", "AND OR NOT", "NOT", "-", "~", "^2", "\\", "/regex/", "x^1000000",
                "$\\mathcal{B}$-Coder", "pre-trained initialization", "ニューラル", "🧠 models", "<script>alert(1)</script>",
                "' OR 1=1 --", "%00", "a".repeat(400), "fine-tuning \"model merging\" -protein +lora");
    }

    @ParameterizedTest(name = "catalog search survives {0}")
    @MethodSource("oddButValidSearches")
    void catalogSearchNeverFails(String q) {
        HttpResponse<String> search = assertNoServerError(
                send(get(stack().catalog.url("/api/papers/search?q=" + enc(q)))), q);
        assertThat(search.statusCode()).as(search.body()).isIn(200, 400);
        assertNoServerError(send(get(stack().catalog.url("/feeds/search?q=" + enc(q)))), "feed " + q);
    }

    static Stream<String> oddPaperIds() {
        // Tomcat itself refuses encoded slashes and NUL (%2F, %00): service-support makes that problem+json too.
        return Stream.of("0000.00000", "2501.00001v999", "hep-th/0000000", enc("{\"$gt\": \"\"}"), "..%2F..%2Fetc",
                "..%252F..%252Fetc", "2412.07762%00", "2412.07762%2500", "%E2%80%8B2412.07762", "a".repeat(300),
                "null", "undefined", "-1", "2412.07762v");
    }

    @ParameterizedTest(name = "catalog by id {0}")
    @MethodSource("oddPaperIds")
    void catalogByIdAnswers404Or400(String id) {
        HttpResponse<String> response = assertNoServerError(send(get(stack().catalog.url("/api/papers/" + id))), id);
        assertThat(response.statusCode()).isIn(400, 404);
        assertNoServerError(send(get(stack().catalog.url("/api/papers/" + id + "/similar"))), "similar " + id);
    }

    static Stream<Arguments> badSubscriptions() {
        String ok = "{\"email\":\"ok@example.org\",\"frequency\":\"daily\",\"timeZone\":\"UTC\",\"sendHour\":8}";
        return Stream.of(
                subscription(ok.replace("ok@example.org", "not-an-email"), "email"),
                subscription(ok.replace("ok@example.org", "a@b"), "email"),
                subscription(ok.replace("ok@example.org", "ok@example.org\\r\\nBcc: victim@example.org"), "email"),
                subscription(ok.replace("ok@example.org", "ok@example.org\\nSubject: hi"), "email"),
                subscription(ok.replace("ok@example.org", "\\\"a\\\"@[127.0.0.1]>,<evil@example.org"), "email"),
                subscription(ok.replace("ok@example.org", "x".repeat(400) + "@example.org"), "email"),
                subscription(ok.replace("\"ok@example.org\"", "{\"$gt\":\"\"}"), "email"),
                subscription(ok.replace("\"email\":\"ok@example.org\",", ""), "email"),
                subscription(ok.replace("daily", "hourly"), "frequency"),
                subscription(ok.replace("\"UTC\"", "\"Mars/Olympus_Mons\""), "timeZone"),
                subscription(ok.replace("\"sendHour\":8", "\"sendHour\":25"), "sendHour"),
                subscription(ok.replace("\"sendHour\":8", "\"sendHour\":-1"), "sendHour"),
                subscription(ok.replace("}", ",\"maxPapers\":0}"), "maxPapers"),
                subscription(ok.replace("}", ",\"maxPapers\":100000}"), "maxPapers"),
                subscription(ok.replace("}", ",\"minUpvotes\":-3}"), "minUpvotes"),
                subscription(ok.replace("}", ",\"keywords\":" + manyAuthors(1_000) + "}"), "keywords"),
                subscription(ok.replace("}", ",\"keywords\":[\"" + "k".repeat(5_000) + "\"]}"), "keywords"),
                subscription(ok.replace("}", ",\"keywords\":[\"ok\\r\\nBcc: x@example.org\"]}"), "keywords"),
                subscription(ok.replace("}", ",\"authors\":\"not a list\"}"), "authors"));
    }

    @ParameterizedTest(name = "notify refuses {0}")
    @MethodSource("badSubscriptions")
    void notifyRefusesBadSubscriptionsNamingTheField(String body, String field) {
        assertRejectsField(send(postJson(stack().notify.url("/api/subscriptions"), body)), field, body);
    }

    static Stream<String> forgedTokens() {
        return Stream.of("", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", enc("{\"$gt\": \"\"}"), "x".repeat(5_000),
                "..%2F..%2F", "%00");
    }

    @ParameterizedTest(name = "notify refuses token {0}")
    @MethodSource("forgedTokens")
    void notifyRefusesForgedTokensEverywhere(String token) {
        for (String path : new String[]{"/api/subscriptions/confirm", "/api/subscriptions/me",
                "/api/subscriptions/unsubscribe"}) {
            HttpResponse<String> response = assertNoServerError(
                    send(get(stack().notify.url(path + "?token=" + token))), path + " " + abbreviate(token));
            assertThat(response.statusCode()).as(path).isBetween(400, 499);
        }
        HttpResponse<String> oneClick = send(HttpRequest.newBuilder(
                        stack().notify.url("/api/subscriptions/unsubscribe?token=" + token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertNoServerError(oneClick, "one-click " + abbreviate(token));
        assertThat(oneClick.statusCode()).isBetween(400, 499);
    }

    private static Arguments paper(String name, String body, String field) {
        return Arguments.of(Named.of(name, body), field);
    }

    private static Arguments query(String pathAndQuery, String field) {
        return Arguments.of(Named.of(abbreviate(pathAndQuery), pathAndQuery), field);
    }

    private static Arguments subscription(String body, String field) {
        return Arguments.of(Named.of(abbreviate(body), body), field);
    }

    private static String replace(String target, String replacement) {
        assertThat(VALID_PAPER).contains(target);
        return VALID_PAPER.replace(target, replacement);
    }

    private static String manyAuthors(int count) {
        return Stream.generate(() -> "\"Someone\"").limit(count).collect(
                java.util.stream.Collectors.joining(",", "[", "]"));
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        if (text.isEmpty()) {
            return "(empty)";
        }
        String visible = text.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 60 ? visible.substring(0, 60) + "…(" + text.length() + ")" : visible;
    }
}

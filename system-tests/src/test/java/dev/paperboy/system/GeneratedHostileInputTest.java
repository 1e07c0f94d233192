package dev.paperboy.system;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;

import static dev.paperboy.system.HostileHttpInputTest.enc;
import static dev.paperboy.system.HttpProbe.assertNoServerError;
import static dev.paperboy.system.HttpProbe.get;
import static dev.paperboy.system.HttpProbe.postJson;
import static dev.paperboy.system.HttpProbe.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile inputs (property-based): whatever a client sends, the services answer without a 5xx and every
 * refusal is problem+json. Failing inputs are shrunk by jqwik to a minimal case.
 */
class GeneratedHostileInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PaperboyStack stack() {
        return PaperboyStack.inProcess();
    }

    @Provide
    Arbitrary<String> nasty() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("\"\\+-:*?~^(){}[]!&|/ \r\n\t\u0000$").ofMaxLength(40),
                Arbitraries.of("{\"$gt\": \"\"}", "$where", "\r\nBcc: x@example.org", "\\mathcal{B}", "\uD800",
                        "\uFFFF", "‮evil", "<b>&amp;</b>", "%00", "../"));
    }

    @Property(tries = 60)
    void searchAnswersAnyQuery(@ForAll("nasty") String q) {
        HttpResponse<String> response = assertNoServerError(
                send(get(stack().catalog.url("/api/papers/search?q=" + enc(q)))), "q=" + q);
        assertThat(response.statusCode()).isIn(200, 400);
    }

    @Property(tries = 40)
    void listingAnswersAnyFilterValues(@ForAll("nasty") String value,
                                       @ForAll("listingParameters") String parameter) {
        assertNoServerError(send(get(stack().catalog.url("/api/papers?" + parameter + "=" + enc(value)))),
                parameter + "=" + value);
    }

    @Provide
    Arbitrary<String> listingParameters() {
        return Arbitraries.of("date", "week", "month", "sort", "author", "category", "keyword", "organization",
                "from", "to", "minUpvotes", "limit", "cursor");
    }

    @Property(tries = 60)
    void ingestAnswersAnyPaperFields(@ForAll("nasty") String title, @ForAll("nasty") String author,
                                     @ForAll("nasty") String id, @ForAll("nasty") String date) {
        ObjectNode paper = JSON.createObjectNode();
        paper.put("arxivId", id);
        paper.put("title", title);
        paper.put("abstract", "An abstract.");
        paper.putArray("authors").add(author);
        paper.put("publishedDate", date);
        HttpResponse<String> response = assertNoServerError(
                send(postJson(stack().ingest.url("/api/papers"), JSON.writeValueAsString(paper))), paper.toString());
        assertThat(response.statusCode()).isIn(202, 400);
    }

    @Property(tries = 50)
    void notifyAnswersAnySubscription(@ForAll("nasty") String email, @ForAll("nasty") String keyword,
                                      @ForAll("nasty") String timeZone) {
        ObjectNode subscription = JSON.createObjectNode();
        subscription.put("email", email);
        subscription.putArray("keywords").add(keyword);
        subscription.put("frequency", "daily");
        subscription.put("timeZone", timeZone);
        subscription.put("sendHour", 8);
        HttpResponse<String> response = assertNoServerError(send(postJson(stack().notify.url("/api/subscriptions"),
                JSON.writeValueAsString(subscription))), subscription.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    }

    @Property(tries = 40)
    void catalogByIdAnswersAnyId(@ForAll @StringLength(max = 80) String id) {
        HttpResponse<String> response = assertNoServerError(
                send(get(stack().catalog.url("/api/papers/" + enc(id)))), "id=" + id);
        assertThat(response.statusCode()).isIn(200, 400, 404);
    }
}

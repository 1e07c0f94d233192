package dev.paperboy.system;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static dev.paperboy.system.HostileHttpInputTest.enc;
import static dev.paperboy.system.HttpProbe.assertNoServerError;
import static dev.paperboy.system.HttpProbe.get;
import static dev.paperboy.system.HttpProbe.postJson;
import static dev.paperboy.system.HttpProbe.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile inputs (deterministic, see {@link HostileStrings}): whatever a client sends, the services
 * answer without a 5xx and every refusal is problem+json.
 */
class GeneratedHostileInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> LISTING_PARAMETERS = List.of("date", "week", "month", "sort", "author",
            "category", "keyword", "organization", "from", "to", "minUpvotes", "limit", "cursor");

    private static PaperboyStack stack() {
        return PaperboyStack.inProcess();
    }

    static Stream<String> queries() {
        return HostileStrings.generate(1, 60);
    }

    @ParameterizedTest
    @MethodSource("queries")
    void searchAnswersAnyQuery(String q) {
        HttpResponse<String> response = assertNoServerError(
                send(get(stack().catalog.url("/api/papers/search?q=" + enc(q)))), "q=" + q);
        assertThat(response.statusCode()).isIn(200, 400);
    }

    static Stream<Arguments> listingFilters() {
        Iterator<String> values = HostileStrings.generate(2, 40).iterator();
        return Stream.iterate(0, i -> i + 1).limit(40)
                .map(i -> Arguments.of(LISTING_PARAMETERS.get(i % LISTING_PARAMETERS.size()), values.next()));
    }

    @ParameterizedTest
    @MethodSource("listingFilters")
    void listingAnswersAnyFilterValue(String parameter, String value) {
        assertNoServerError(send(get(stack().catalog.url("/api/papers?" + parameter + "=" + enc(value)))),
                parameter + "=" + value);
    }

    static Stream<Arguments> papers() {
        Iterator<String> values = HostileStrings.generate(3, 240).iterator();
        return Stream.iterate(0, i -> i + 1).limit(60)
                .map(i -> Arguments.of(values.next(), values.next(), values.next(), values.next()));
    }

    @ParameterizedTest
    @MethodSource("papers")
    void ingestAnswersAnyPaperFields(String title, String author, String id, String date) {
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

    static Stream<Arguments> subscriptions() {
        Iterator<String> values = HostileStrings.generate(4, 150).iterator();
        return Stream.iterate(0, i -> i + 1).limit(50)
                .map(i -> Arguments.of(values.next(), values.next(), values.next()));
    }

    @ParameterizedTest
    @MethodSource("subscriptions")
    void notifyRefusesAnyGarbledSubscription(String email, String keyword, String timeZone) {
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

    static Stream<String> ids() {
        return HostileStrings.generate(5, 40).map(id -> id.length() > 80 ? id.substring(0, 80) : id);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void catalogByIdAnswersAnyId(String id) {
        HttpResponse<String> response = assertNoServerError(
                send(get(stack().catalog.url("/api/papers/" + enc(id)))), "id=" + id);
        assertThat(response.statusCode()).isIn(200, 400, 404);
    }
}

package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.notify.NotifyIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Subscribe → confirm by email → trending snapshot on trending.v1 → exactly the matching papers, once. */
class InstantDigestFlowTest extends NotifyIntegrationTest {

    @Test
    void confirmedSubscriberGetsExactlyTheMatchingPapersOnce() throws Exception {
        String word = uniqueWord("diffusion");
        String email = uniqueEmail("alice");
        assertThat(subscribe(email, "[\"" + word + "\"]", "instant").body())
                .isEqualTo("{\"status\":\"pending_confirmation\"}");

        // nothing but the confirmation before the link is followed (double opt-in)
        publishAndWait(snapshot(paper("Early " + word + " paper", List.of(), List.of("cs.LG"), List.of("A"), 5)), 1);
        String link = confirmationPath(email);
        assertThat(digestsTo(email)).isEmpty();
        assertThat(get(link).statusCode()).isEqualTo(200);

        TrendingEntry match = paper("Scaling " + word + " models", List.of(), List.of("cs.CV"), List.of("Ann Lee"), 42);
        TrendingEntry other = paper("Transformers everywhere", List.of("attention"), List.of("cs.CL"), List.of("B"), 99);
        TrendingEntry latex = paper("$\\mathcal{B}$-Coder: <script>alert(1)</script> & " + word, List.of(),
                List.of("cs.SE"), List.of("C. D."), 7);
        publishAndWait(snapshot(match, other, latex), 1);

        await().atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        MimeMessage digest = digestsTo(email).getFirst();
        String text = text(digest);
        String html = html(digest);
        assertThat(text).contains("Scaling " + word + " models", "B-Coder: <script>alert(1)</script> & " + word,
                match.link(), match.arxivLink(), latex.arxivLink(), "/api/subscriptions/unsubscribe?token=",
                "/api/subscriptions/me?token=");
        assertThat(text).doesNotContain("Transformers everywhere", "mathcal", "$");
        assertThat(html).contains("B-Coder: &lt;script&gt;alert(1)&lt;/script&gt; &amp; " + word)
                .doesNotContain("<script>").contains("href=\"" + match.link() + "\"");
        assertThat(digest.getHeader("List-Unsubscribe")[0]).startsWith("<http://localhost:8083/api/subscriptions/unsubscribe?token=");
        assertThat(digest.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(digest.getMessageID()).startsWith("<digest-").endsWith("@paperboy.local>");
        assertThat(digest.getContentType()).startsWith("multipart/");

        // a new snapshot with the same papers brings nothing new
        publishAndWait(snapshot(match, other, latex), 1);
        // the same event delivered three times: one email with the one new paper
        TrendingEntry fresh = paper("Faster " + word + " sampling", List.of(), List.of("cs.LG"), List.of("E"), 3);
        TrendingSnapshot third = snapshot(match, fresh);
        publishAndWait(third, 3);
        await().atMost(WAIT).until(() -> digestsTo(email).size() >= 2);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> digestsTo(email).size() == 2);
        String second = text(digestsTo(email).get(1));
        assertThat(second).contains("Faster " + word + " sampling").doesNotContain("Scaling " + word);
        assertThat(digestsTo(email).get(1).getMessageID()).isNotEqualTo(digest.getMessageID());
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String word = uniqueWord("poison");
        String email = uniqueEmail("carol");
        subscribeAndConfirm(email, "[\"" + word + "\"]", "instant");
        publishRaw("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        publishAndWait(snapshot(paper("After the " + word, List.of(), List.of("cs.AI"), List.of("F"), 1)), 1);
        await().atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        assertThat(deadLetters()).anyMatch(value -> value.startsWith("{not json"));
    }

    private static List<String> deadLetters() {
        var props = new java.util.HashMap<String, Object>();
        props.put("bootstrap.servers", dev.paperboy.testsupport.SharedKafka.bootstrapServers());
        props.put("group.id", "dlq-check-" + java.util.UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.subscribe(List.of(dev.paperboy.contracts.Topics.TRENDING_DLQ));
            List<String> values = new java.util.ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
            return values;
        }
    }
}

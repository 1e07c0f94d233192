package dev.paperboy.notify.digests;

import dev.paperboy.notify.NotifyIntegrationTest;
import dev.paperboy.notify.subscriptions.Subscription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Daily digests at the local send hour: the papers trending since, not sent before; nothing new, no email. */
class ScheduledDigestTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DigestPlanner planner;

    @Test
    void dailyDigestSendsNewMatchesOnceAndQuietDaysSendNothing() {
        String word = uniqueWord("daily");
        String email = uniqueEmail("gina");
        subscribeAndConfirm(email, "[\"" + word + "\"]", "daily");
        Subscription confirmed = byEmail(email);
        assertThat(confirmed.nextDueAt()).isAfter(Instant.now());

        publishAndWait(snapshot(paper("Daily " + word + " one", List.of(), List.of("cs.LG"), List.of("H"), 3),
                paper("Unrelated daily thing", List.of(), List.of("cs.LG"), List.of("H"), 3)), 1);
        assertThat(digestsTo(email)).as("a daily subscriber gets nothing at snapshot time").isEmpty();

        makeDue(email);
        planner.runDue(Instant.now());
        await().atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        assertThat(text(digestsTo(email).getFirst())).contains("Daily " + word + " one")
                .doesNotContain("Unrelated daily thing");
        Subscription after = byEmail(email);
        assertThat(after.nextDueAt()).isAfter(Instant.now());

        // due again with nothing new: no email
        makeDue(email);
        planner.runDue(Instant.now());
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        assertThat(byEmail(email).nextDueAt()).isAfter(Instant.now());
    }

    private Subscription byEmail(String email) {
        return mongo.findOne(Query.query(where("email").is(email)), Subscription.class);
    }

    /** Simulates the clock reaching the subscriber's send hour. */
    private void makeDue(String email) {
        mongo.updateFirst(Query.query(where("email").is(email)),
                new Update().set("nextDueAt", Instant.now().minusSeconds(60)), Subscription.class);
    }
}

package dev.paperboy.notify.digests;

import dev.paperboy.notify.NotifyIntegrationTest;
import dev.paperboy.notify.delivery.DeliveryLedger;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.delivery.DigestState;
import dev.paperboy.notify.delivery.DigestStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** SMTP down during a run: the digest stays PENDING in the ledger and is delivered once when SMTP is back. */
class SmtpOutageTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;

    @Test
    void digestIsDeliveredOnceAfterTheSmtpServerComesBack() throws Exception {
        String word = uniqueWord("outage");
        String email = uniqueEmail("frank");
        subscribeAndConfirm(email, "[\"" + word + "\"]", "instant");
        double failuresBefore = meters.counter("paperboy.notify.mail.failures", "kind", "temporary").count();

        greenMail.stop();
        publishAndWait(snapshot(paper("Robust " + word, List.of(), List.of("cs.DC"), List.of("G"), 4)), 1);
        await().atMost(WAIT).until(() ->
                meters.counter("paperboy.notify.mail.failures", "kind", "temporary").count() > failuresBefore);
        List<Digest> pending = mongo.find(Query.query(where("_id").regex("\\|instant\\|")
                .and("state").is(DigestState.PENDING)), DigestStatus.class).stream().map(s -> ledger.find(s.key()))
                .filter(d -> d.entries().getFirst().title().contains(word)).toList();
        assertThat(pending).hasSize(1);

        greenMail.start();
        await().atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> digestsTo(email).size() == 1);
        assertThat(text(digestsTo(email).getFirst())).contains("Robust " + word);
        assertThat(ledger.find(pending.getFirst().key()).state()).isEqualTo(DigestState.SENT);
        assertThat(digestsTo(email).getFirst().getMessageID()).isEqualTo(pending.getFirst().messageId());
    }
}

package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger writes digests with papers converted once per batch: the stored form must be Spring Data's own. */
class DigestDocumentTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;

    @Test
    void digestDocumentsAreWhatSpringDataWrites() {
        TrendingEntry first = paper("Shared paper", List.of("k"), List.of("cs.LG"), List.of("A", "B"), 7);
        TrendingEntry second = paper("Other <paper>", List.of(), List.of(), List.of("C"), 0);
        Instant now = Instant.parse("2026-11-27T08:00:00Z");
        Digest one = new Digest("s1|daily|2026-11-27", "s1", "daily", List.of(first, second), "<d1@x>",
                DigestState.PENDING, 1, "owner", now.plusSeconds(120), now, null);
        Digest two = new Digest("s2|daily|2026-11-27", "s2", "daily", List.of(second), "<d2@x>", DigestState.SENT, 2,
                "owner", null, now, now);
        Map<TrendingEntry, Object> converted = new HashMap<>();
        for (Digest digest : List.of(one, two)) {
            Document expected = new Document();
            mongo.getConverter().write(digest, expected);
            assertThat(ledger.document(digest, converted)).isEqualTo(expected);
            assertThat(ledger.document(digest, converted).keySet()).containsExactlyElementsOf(expected.keySet());
        }
        assertThat(converted).hasSize(2);
        Document stored = ledger.document(one, converted);
        assertThat(mongo.getConverter().read(Digest.class, stored)).isEqualTo(one);
    }
}

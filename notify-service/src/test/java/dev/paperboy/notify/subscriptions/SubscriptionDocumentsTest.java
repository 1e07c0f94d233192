package dev.paperboy.notify.subscriptions;

import dev.paperboy.notify.NotifyIntegrationTest;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Subscriptions read without Spring's mapping are the ones Spring Data reads, and the due scan finds the same. */
class SubscriptionDocumentsTest extends NotifyIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    SubscriptionStore store;

    @Test
    void storedSubscriptionsReadAsSpringDataReadsThem() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Preferences daily = new Preferences(List.of("graph neural", "llm"), List.of("cs.LG"), List.of("Ada Lovelace"),
                7, Frequency.DAILY, "Europe/Berlin", 6, 12);
        Preferences weekly = new Preferences(List.of(), List.of(), List.of(), 0, Frequency.WEEKLY, "UTC", 8, 5);
        List<Subscription> subscriptions = List.of(
                new Subscription(UUID.randomUUID().toString(), uniqueEmail("full"), SubscriptionState.ACTIVE, daily,
                        weekly, now, now, now, now.minus(Duration.ofMinutes(1)), now, now, 2, 1),
                new Subscription(new ObjectId().toHexString(), uniqueEmail("sparse"), SubscriptionState.PENDING,
                        weekly, null, now, null, null, null, null, null, 0, 0));
        for (Subscription subscription : subscriptions) {
            mongo.insert(subscription);
            Document stored = mongo.getCollection(SubscriptionStore.COLLECTION)
                    .find(new Document("email", subscription.email())).first();
            assertThat(SubscriptionDocuments.read(stored))
                    .isEqualTo(mongo.findById(subscription.id(), Subscription.class))
                    .isEqualTo(subscription);
        }
        // a due subscription is read with what a scheduled run uses of it, and nothing else
        Subscription full = subscriptions.getFirst();
        List<Subscription> due = store.findDue(now, Integer.MAX_VALUE);
        assertThat(due).extracting(Subscription::id).contains(full.id()).doesNotContain(subscriptions.get(1).id());
        assertThat(due).filteredOn(subscription -> subscription.id().equals(full.id())).containsExactly(
                new Subscription(full.id(), full.email(), full.state(), full.preferences(), null, null, null, null,
                        full.nextDueAt(), null, null, 0, full.permanentFailures()));
        mongo.remove(subscriptions.getFirst());
        mongo.remove(subscriptions.get(1));
    }
}

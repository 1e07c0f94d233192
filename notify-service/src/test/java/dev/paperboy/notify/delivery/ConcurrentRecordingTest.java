package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.NotifyIntegrationTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two notify instances recording digests at the same moment, their steps (read, claim) interleaved in every order,
 * no sleeps: each digest is sent by exactly one of them, and every paper the ledger marks as offered is in a digest
 * that will be sent. Before the ledger held one document per digest, a recorder whose candidates differed from the
 * other's (B: p2 p3 p4, A: p1 p2 p3) could win the digest with p1 alone while p2..p4 stayed marked under the digest
 * key, never sent; before the status lived in that document, a crash between the claim and the status left the
 * papers claimed for the next recorder of the key to complete.
 */
class ConcurrentRecordingTest extends NotifyIntegrationTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryLedger ledger;

    private enum Step { READ, CLAIM }

    @Test
    void sameKeyRecordedByTwoInstancesInEveryInterleavingIsSentOnceWithAllItsMarkedPapers() {
        List<List<Boolean>> orders = interleavings(2, 2);
        assertThat(orders).hasSize(6);
        for (List<Boolean> order : orders) {
            String subscriber = "race-" + UUID.randomUUID();
            String key = subscriber + "|instant|snapshot-1";
            TrendingEntry p1 = paper("P1", List.of(), List.of("cs.DB"), List.of("A"), 1);
            TrendingEntry p2 = paper("P2", List.of(), List.of("cs.DB"), List.of("A"), 2);
            TrendingEntry p3 = paper("P3", List.of(), List.of("cs.DB"), List.of("A"), 3);
            TrendingEntry p4 = paper("P4", List.of(), List.of("cs.DB"), List.of("A"), 4);
            DigestRecorder.Recording a = recording(subscriber, key, List.of(p1, p2, p3), "instance-a");
            DigestRecorder.Recording b = recording(subscriber, key, List.of(p2, p3, p4), "instance-b");

            List<Digest> toSend = new ArrayList<>();
            int stepA = 0;
            int stepB = 0;
            for (boolean aMoves : order) {
                if (aMoves) {
                    toSend.addAll(step(a, Step.values()[stepA++]));
                } else {
                    toSend.addAll(step(b, Step.values()[stepB++]));
                }
            }

            assertThat(toSend).as("digests to send, order %s (true = A's step)", order).hasSize(1);
            assertEveryOfferedPaperIsSent(subscriber, toSend);
        }
    }

    @Test
    void aKeyAnOlderVersionClaimedWithoutItsStatusIsCompletedByTheNextRecorderWithThosePapers() {
        String subscriber = "crash-" + UUID.randomUUID();
        String key = subscriber + "|daily|2026-11-27";
        TrendingEntry p1 = paper("Q1", List.of(), List.of("cs.DB"), List.of("A"), 1);
        TrendingEntry p2 = paper("Q2", List.of(), List.of("cs.DB"), List.of("A"), 2);
        TrendingEntry p3 = paper("Q3", List.of(), List.of("cs.DB"), List.of("A"), 3);
        recording(subscriber, key, List.of(p1, p2), "died").read().claim();
        // the last version wrote the ledger document first, the status apart after it: it died in between
        mongo.getCollection(DigestRecorder.OFFERS).updateOne(new Document("_id", key), new Document("$unset",
                new Document("frequency", "").append("messageId", "").append("state", "").append("attempts", "")
                        .append("owner", "").append("leaseUntil", "")));
        assertThat(ledger.find(key)).as("no status").isNull();

        // the rerun's candidates differ (the papers of the last 24 hours moved on): the claimed papers are sent
        List<Digest> rerun = recording(subscriber, key, List.of(p2, p3), "rerun").read().claim();
        assertThat(rerun).hasSize(1);
        assertThat(rerun.getFirst().paperIds()).containsExactly(p1.id(), p2.id());
        assertThat(rerun.getFirst().owner()).startsWith("rerun/");
        assertEveryOfferedPaperIsSent(subscriber, rerun);
        assertThat(recording(subscriber, key, List.of(p3), "third").read().claim()).isEmpty();
    }

    @Test
    void twoDigestsOfOneSubscriberClaimingTheSamePaperAtOnceShareNoPaper() {
        String subscriber = "overlap-" + UUID.randomUUID();
        TrendingEntry p1 = paper("R1", List.of(), List.of("cs.DB"), List.of("A"), 1);
        TrendingEntry p2 = paper("R2", List.of(), List.of("cs.DB"), List.of("A"), 2);
        TrendingEntry p3 = paper("R3", List.of(), List.of("cs.DB"), List.of("A"), 3);
        DigestRecorder.Recording first = recording(subscriber, subscriber + "|instant|s1", List.of(p1, p2),
                "instance-a").read();
        DigestRecorder.Recording second = recording(subscriber, subscriber + "|instant|s2", List.of(p2, p3),
                "instance-b").read();
        List<Digest> toSend = new ArrayList<>(first.claim());
        // p2 went to the first meanwhile: the unique pair refuses it, the second is chosen again
        toSend.addAll(second.claim());

        assertThat(toSend).hasSize(2);
        assertThat(toSend.get(0).paperIds()).containsExactly(p1.id(), p2.id());
        assertThat(toSend.get(1).paperIds()).containsExactly(p3.id());
        assertEveryOfferedPaperIsSent(subscriber, toSend);
    }

    @Test
    void aClaimOfAKeyWhoseDigestWasCancelledMeanwhileTakesNothingAndTheCancelledPapersAreFreeAgain() {
        String subscriber = "cancelled-" + UUID.randomUUID();
        String key = subscriber + "|instant|snapshot-1";
        TrendingEntry p1 = paper("C1", List.of(), List.of("cs.DB"), List.of("A"), 1);
        DigestRecorder.Recording late = recording(subscriber, key, List.of(p1), "instance-b").read();
        List<Digest> sent = recording(subscriber, key, List.of(p1), "instance-a").read().claim();
        ledger.cancel(sent.getFirst()); // the subscriber paused before the send

        assertThat(late.claim()).as("the cancelled digest is not sent").isEmpty();
        assertThat(ledger.find(key).state()).isEqualTo(DigestState.CANCELLED);
        assertThat(mongo.getCollection(DigestRecorder.OFFERS).countDocuments(new Document("pairs",
                subscriber + "|" + p1.id()))).as("no paper left marked under the cancelled key").isZero();
        assertThat(recording(subscriber, key, List.of(p1), "instance-a").read().claim())
                .as("nor is the cancelled key recorded again").isEmpty();
        assertThat(recording(subscriber, subscriber + "|instant|snapshot-2", List.of(p1), "instance-a").read()
                .claim()).as("offered again after the resume").hasSize(1);
    }

    private DigestRecorder.Recording recording(String subscriber, String key, List<TrendingEntry> candidates,
                                               String owner) {
        return ledger.recording(List.of(new DeliveryLedger.Planned(subscriber, key, "instant", candidates, 5)), owner,
                Instant.now(), LEASE, "paperboy.local");
    }

    private static List<Digest> step(DigestRecorder.Recording recording, Step step) {
        return switch (step) {
            case READ -> {
                recording.read();
                yield List.of();
            }
            case CLAIM -> recording.claim();
        };
    }

    /**
     * Every pair in the subscriber's ledger documents is a paper of a digest whose status is PENDING and that one
     * instance got to send; no paper in two digests.
     */
    private void assertEveryOfferedPaperIsSent(String subscriber, List<Digest> toSend) {
        Set<String> sent = new HashSet<>();
        for (Digest digest : toSend) {
            for (String paperId : digest.paperIds()) {
                assertThat(sent.add(paperId)).as("paper %s in one digest only", paperId).isTrue();
            }
        }
        Set<String> offered = new HashSet<>();
        for (Document ledgerDocument : mongo.getCollection(DigestRecorder.OFFERS)
                .find(new Document("subscriberId", subscriber))) {
            String key = ledgerDocument.getString("_id");
            Digest digest = ledger.find(key);
            assertThat(digest).as("the status of ledger document %s", key).isNotNull();
            assertThat(digest.state()).isEqualTo(DigestState.PENDING);
            assertThat(toSend).as("digest %s is sent by one instance", key).extracting(Digest::key).contains(key);
            List<String> pairs = ledgerDocument.getList("pairs", String.class);
            assertThat(pairs).containsExactlyElementsOf(digest.paperIds().stream()
                    .map(id -> subscriber + "|" + id).toList());
            pairs.forEach(pair -> offered.add(pair.substring(subscriber.length() + 1)));
        }
        assertThat(offered).as("papers marked offered = papers in the digests to send").isEqualTo(sent);
    }

    /** Every order of {@code a} steps of A and {@code b} of B, each keeping its own order (true = A's step). */
    private static List<List<Boolean>> interleavings(int a, int b) {
        if (a == 0 || b == 0) {
            List<Boolean> rest = new ArrayList<>();
            for (int i = 0; i < a + b; i++) {
                rest.add(a > 0);
            }
            return List.of(rest);
        }
        List<List<Boolean>> all = new ArrayList<>();
        for (List<Boolean> tail : interleavings(a - 1, b)) {
            List<Boolean> order = new ArrayList<>(List.of(true));
            order.addAll(tail);
            all.add(order);
        }
        for (List<Boolean> tail : interleavings(a, b - 1)) {
            List<Boolean> order = new ArrayList<>(List.of(false));
            order.addAll(tail);
            all.add(order);
        }
        return all;
    }
}

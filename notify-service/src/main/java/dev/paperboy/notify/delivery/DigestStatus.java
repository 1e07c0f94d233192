package dev.paperboy.notify.delivery;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Where one digest stands, read from its ledger document (collection {@code offers}, keyed by the digest key; the
 * document also holds the digest's {@code subscriber|paper} pairs, see {@link DeliveryLedger}): state, lease,
 * attempts, times, and the keys of its papers. The papers themselves are stored apart, once each
 * ({@link DigestPaper}). A ledger document without a state is a digest whose status retention removed (or one an
 * older version began to record): it has no status.
 *
 * @param papers     the keys of its papers in {@code digest_papers}, in the digest's order
 * @param attempts   sends begun (null: no status)
 * @param leaseUntil the sender owning the digest until then; another instance may claim it afterwards
 */
@Document(DigestRecorder.OFFERS)
public record DigestStatus(
        @Id String key,
        String subscriberId,
        String frequency,
        List<String> papers,
        String messageId,
        DigestState state,
        Integer attempts,
        String owner,
        Instant leaseUntil,
        Instant createdAt,
        Instant sentAt) {

    /**
     * The ledger document of this digest offering {@code pairs}, in the form Spring Data reads back (enum name,
     * dates; nulls left out; no type hint, which the ledger documents of earlier versions lack too), built directly:
     * a run writes one per digest and the mapping converter took a noticeable share of recording them.
     */
    org.bson.Document document(List<String> pairs) {
        org.bson.Document document = new org.bson.Document("_id", key);
        putIfSet(document, "subscriberId", subscriberId);
        putIfSet(document, "frequency", frequency);
        document.put("pairs", pairs);
        putIfSet(document, "papers", papers);
        putIfSet(document, "messageId", messageId);
        putIfSet(document, "state", state == null ? null : state.name());
        document.put("attempts", attempts);
        putIfSet(document, "owner", owner);
        putIfSet(document, "leaseUntil", leaseUntil == null ? null : Date.from(leaseUntil));
        putIfSet(document, "createdAt", createdAt == null ? null : Date.from(createdAt));
        putIfSet(document, "sentAt", sentAt == null ? null : Date.from(sentAt));
        return document;
    }

    private static void putIfSet(org.bson.Document document, String field, Object value) {
        if (value != null) {
            document.put(field, value);
        }
    }
}

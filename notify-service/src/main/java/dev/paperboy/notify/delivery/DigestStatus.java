package dev.paperboy.notify.delivery;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * Where one digest stands (collection {@code digests}, keyed by the digest key): state, lease, attempts, times, and
 * the keys of its papers. The papers themselves are stored apart, once each ({@link DigestPaper}), so that recording
 * a digest writes a small document and claiming, postponing and marking it SENT rewrite one.
 *
 * @param papers     the keys of its papers in {@code digest_papers}, in the digest's order
 * @param leaseUntil the sender owning the digest until then; another instance may claim it afterwards
 */
@Document("digests")
public record DigestStatus(
        @Id String key,
        String subscriberId,
        String frequency,
        List<String> papers,
        String messageId,
        DigestState state,
        int attempts,
        String owner,
        Instant leaseUntil,
        Instant createdAt,
        Instant sentAt) {

    /**
     * The stored form, as Spring Data writes it (field order, enum name, dates, type hint; nulls left out), built
     * directly: a run writes one per digest and the mapping converter took a noticeable share of recording them.
     */
    org.bson.Document document() {
        org.bson.Document document = new org.bson.Document("_id", key);
        putIfSet(document, "subscriberId", subscriberId);
        putIfSet(document, "frequency", frequency);
        putIfSet(document, "papers", papers);
        putIfSet(document, "messageId", messageId);
        putIfSet(document, "state", state == null ? null : state.name());
        document.put("attempts", attempts);
        putIfSet(document, "owner", owner);
        putIfSet(document, "leaseUntil", leaseUntil == null ? null : java.util.Date.from(leaseUntil));
        putIfSet(document, "createdAt", createdAt == null ? null : java.util.Date.from(createdAt));
        putIfSet(document, "sentAt", sentAt == null ? null : java.util.Date.from(sentAt));
        document.put("_class", DigestStatus.class.getName());
        return document;
    }

    private static void putIfSet(org.bson.Document document, String field, Object value) {
        if (value != null) {
            document.put(field, value);
        }
    }
}

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
}

package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;

import java.time.Instant;
import java.util.List;

/**
 * One email to one subscriber, keyed by its digest key ({@code subscriber|instant|snapshotId},
 * {@code subscriber|daily|2026-11-27}, {@code subscriber|weekly|2026-W48}): its {@link DigestStatus} together with
 * its papers, which are stored apart ({@link DigestPaper}).
 *
 * @param leaseUntil the sender owning the digest until then; another instance may claim it afterwards
 */
public record Digest(
        String key,
        String subscriberId,
        String frequency,
        List<TrendingEntry> entries,
        String messageId,
        DigestState state,
        int attempts,
        String owner,
        Instant leaseUntil,
        Instant createdAt,
        Instant sentAt) {

    public List<String> paperIds() {
        return entries.stream().map(TrendingEntry::id).toList();
    }

    /** The stored status of this digest, whose papers are stored under {@code paperKeys}. */
    DigestStatus status(List<String> paperKeys) {
        return new DigestStatus(key, subscriberId, frequency, paperKeys, messageId, state, attempts, owner,
                leaseUntil, createdAt, sentAt);
    }

    /** The digest whose status is {@code status} and whose papers are {@code entries}. */
    public static Digest of(DigestStatus status, List<TrendingEntry> entries) {
        return new Digest(status.key(), status.subscriberId(), status.frequency(), entries, status.messageId(),
                status.state(), status.attempts(), status.owner(), status.leaseUntil(), status.createdAt(),
                status.sentAt());
    }
}

package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;

import java.time.Instant;
import java.util.List;

/**
 * One email to one subscriber, keyed by its digest key ({@code subscriber|instant|snapshotId},
 * {@code subscriber|daily|2026-11-27}, {@code subscriber|weekly|2026-W48}): its {@link DigestStatus} together with
 * its papers, which are stored apart ({@link DigestPaper}).
 */
public record Digest(DigestStatus status, List<TrendingEntry> entries) {

    public String key() {
        return status.key();
    }

    public String subscriberId() {
        return status.subscriberId();
    }

    public String frequency() {
        return status.frequency();
    }

    public String messageId() {
        return status.messageId();
    }

    public DigestState state() {
        return status.state();
    }

    public int attempts() {
        return status.attempts() == null ? 0 : status.attempts();
    }

    /** The sender owning the digest until {@link #leaseUntil}; another instance may claim it afterwards. */
    public String owner() {
        return status.owner();
    }

    public Instant leaseUntil() {
        return status.leaseUntil();
    }

    public Instant createdAt() {
        return status.createdAt();
    }

    public Instant sentAt() {
        return status.sentAt();
    }

    public List<String> paperIds() {
        return entries.stream().map(TrendingEntry::id).toList();
    }
}

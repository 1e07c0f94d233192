package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One email to one subscriber (collection {@code digests}), keyed by its digest key
 * ({@code subscriber|instant|snapshotId}, {@code subscriber|daily|2026-11-27}, {@code subscriber|weekly|2026-W48}).
 * Holds everything needed to render it again, so an interrupted or failed send can be retried by any instance.
 *
 * @param leaseUntil the sender owning the digest until then; another instance may claim it afterwards
 */
@Document("digests")
public record Digest(
        @Id String key,
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
}

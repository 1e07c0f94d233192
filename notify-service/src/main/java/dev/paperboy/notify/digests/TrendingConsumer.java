package dev.paperboy.notify.digests;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.TrendingSnapshot;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Consumer;

/**
 * The {@code trendingDigests} function: binding {@code trendingDigests-in-0} reads {@code trending.v1} in group
 * {@code notify}. Records are decoded with {@link EventCodec}; a record that does not decode fails the call and,
 * after the binder's attempts, goes to the DLQ {@code trending.v1.notify.dlq} while the consumer goes on. The
 * offset is committed after the digests were recorded in the ledger (and sent), so a crash redelivers the
 * snapshot, which the ledger's keys make harmless.
 */
@Configuration(proxyBeanMethods = false)
class TrendingConsumer {

    @Bean
    Consumer<byte[]> trendingDigests(DigestPlanner planner) {
        return payload -> planner.onSnapshot(decode(payload));
    }

    /**
     * Decodes a snapshot and refuses what only looks like one: JSON {@code null}, or an object without the fields
     * a digest needs (unknown fields are tolerated, so any JSON object would otherwise pass as an empty snapshot).
     * The exception sends the record to the DLQ with this message.
     */
    static TrendingSnapshot decode(byte[] payload) {
        TrendingSnapshot snapshot = EventCodec.fromJson(payload, TrendingSnapshot.class);
        if (snapshot == null) {
            throw new IllegalArgumentException("trending.v1 record is not a snapshot: null");
        }
        if (snapshot.snapshotId() == null || snapshot.snapshotId().isBlank()) {
            throw new IllegalArgumentException("trending.v1 snapshot without snapshotId");
        }
        if (snapshot.window() == null || snapshot.generatedAt() == null) {
            throw new IllegalArgumentException("trending.v1 snapshot " + snapshot.snapshotId()
                    + " without window or generatedAt");
        }
        snapshot.entries().forEach(entry -> {
            if (entry == null || entry.id() == null || entry.id().isBlank()) {
                throw new IllegalArgumentException("trending.v1 snapshot " + snapshot.snapshotId()
                        + " has an entry without id");
            }
        });
        return snapshot;
    }
}

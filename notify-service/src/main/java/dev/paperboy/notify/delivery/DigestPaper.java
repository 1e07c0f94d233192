package dev.paperboy.notify.delivery;

import dev.paperboy.contracts.TrendingEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One paper as a digest showed it (collection {@code digest_papers}), keyed by {@code paperId@contentHash}: stored
 * once however many digests carry it, never changed, so a digest sent again shows its papers exactly as the first
 * time. A digest's {@link DigestStatus#papers()} lists these keys.
 *
 * @param storedAt when it was stored, or last found stored by a digest being recorded (retention removes papers
 *                 no kept digest names once this is old enough)
 */
@Document("digest_papers")
public record DigestPaper(@Id String key, TrendingEntry entry, java.time.Instant storedAt) {
}

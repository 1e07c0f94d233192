package dev.paperboy.catalog.trending;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.contracts.TrendingWindow;
import dev.paperboy.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Computes the trending rankings and publishes a {@link TrendingSnapshot} per window on {@link Topics#TRENDING}
 * (key = window wire name) only when the ranking (the ordered ids) differs from the last published one, which is
 * kept in the {@code trending} collection ({@code _id} = window) and also answers {@code GET /api/trending}.
 * Callers run it under the trending lock ({@link TrendingJob}) so that one instance publishes.
 */
public class TrendingService {

    public static final String COLLECTION = "trending";
    private static final Logger log = LoggerFactory.getLogger(TrendingService.class);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final int top;
    private final String publicUrl;

    private final MeterRegistry meters;

    public TrendingService(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, int top, String publicUrl,
                           MeterRegistry meters) {
        this.meters = meters;
        this.mongo = mongo;
        this.kafka = kafka;
        this.top = top;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** What one window's run did. */
    public record WindowResult(String window, boolean published, String snapshotId, int entries, List<String> ids) {
    }

    public List<WindowResult> run(Instant now) {
        List<WindowResult> results = new ArrayList<>();
        for (TrendingWindow window : TrendingWindow.values()) {
            results.add(run(window, now));
        }
        return results;
    }

    public WindowResult run(TrendingWindow window, Instant now) {
        List<TrendingEntry> entries = TrendingCalculator.rank(candidates(window, now), window, now, top, publicUrl);
        List<String> ids = entries.stream().map(TrendingEntry::id).toList();
        Document last = snapshots().find(Filters.eq("_id", window.wireName())).first();
        List<String> lastIds = last == null ? null : PaperFields.strings(last, "ids");
        if (ids.equals(lastIds) || (last == null && ids.isEmpty())) {
            String lastSnapshotId = last == null ? null : last.getString("snapshotId");
            return new WindowResult(window.wireName(), false, lastSnapshotId, ids.size(), ids);
        }
        TrendingSnapshot snapshot = new TrendingSnapshot(TrendingSnapshot.SCHEMA_VERSION,
                UUID.randomUUID().toString(), window, now, entries);
        byte[] json = EventCodec.toJson(snapshot);
        publish(window, json);
        meters.counter("paperboy.trending.published", "window", window.wireName()).increment();
        snapshots().replaceOne(Filters.eq("_id", window.wireName()),
                new Document("_id", window.wireName())
                        .append("ids", ids)
                        .append("snapshotId", snapshot.snapshotId())
                        .append("generatedAt", Date.from(now))
                        .append("json", new String(json, StandardCharsets.UTF_8)),
                new ReplaceOptions().upsert(true));
        log.info("Published trending {} snapshot {} ({} entries)", window.wireName(), snapshot.snapshotId(),
                entries.size());
        return new WindowResult(window.wireName(), true, snapshot.snapshotId(), ids.size(), ids);
    }

    /** The last published snapshot of a window. */
    public Optional<TrendingSnapshot> last(TrendingWindow window) {
        Document last = snapshots().find(Filters.eq("_id", window.wireName())).first();
        return Optional.ofNullable(last).map(d -> EventCodec.fromJson(d.getString("json"), TrendingSnapshot.class));
    }

    private List<Document> candidates(TrendingWindow window, Instant now) {
        String firstDay = TrendingCalculator.firstDailyDate(window, now).toString();
        Date publishedSince = Date.from(TrendingCalculator.publishedSince(window, now));
        List<Document> out = new ArrayList<>();
        mongo.getCollection(PaperFields.COLLECTION).find(Filters.or(
                        Filters.gte(PaperFields.DAILY_DATE, firstDay),
                        Filters.and(Filters.exists(PaperFields.DAILY_DATE, false),
                                Filters.gte(PaperFields.PUBLISHED_AT, publishedSince))))
                .into(out);
        return out;
    }

    private void publish(TrendingWindow window, byte[] json) {
        try {
            kafka.send(new ProducerRecord<>(Topics.TRENDING, window.wireName(), json)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a trending snapshot", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the trending snapshot to " + Topics.TRENDING, e);
        }
    }

    private MongoCollection<Document> snapshots() {
        return mongo.getCollection(COLLECTION);
    }
}

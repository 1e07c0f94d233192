package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters per source (tag {@code source=huggingface|arxiv|file|api}): fetched, published, unchanged,
 * rejected, publish latency, rate-limit waits and the time of the last successful poll.
 */
@Component
public class IngestMetrics {

    private final Map<Source, Meters> meters = new EnumMap<>(Source.class);
    private final Clock clock;

    public IngestMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (Source source : Source.values()) {
            String tag = source.wireName();
            AtomicLong lastPoll = new AtomicLong();
            Gauge.builder("paperboy.ingest.last.success", lastPoll, AtomicLong::get)
                    .description("Epoch seconds of the last successful poll (0 = never)")
                    .tag("source", tag).register(registry);
            meters.put(source, new Meters(
                    counter(registry, "paperboy.ingest.fetched", tag, "Records read from the source"),
                    counter(registry, "paperboy.ingest.published", tag, "Papers published to papers.v1"),
                    counter(registry, "paperboy.ingest.unchanged", tag, "Papers seen again without visible change"),
                    counter(registry, "paperboy.ingest.rejected", tag, "Records sent to ingest.rejects.v1"),
                    counter(registry, "paperboy.ingest.ratelimit.waits", tag, "Waits imposed by rate limits"),
                    Timer.builder("paperboy.ingest.publish.latency").tag("source", tag)
                            .description("Send to acknowledgement, per batch or single paper").register(registry),
                    lastPoll));
        }
    }

    private static Counter counter(MeterRegistry registry, String name, String tag, String description) {
        return Counter.builder(name).tag("source", tag).description(description).register(registry);
    }

    public void fetched(Source source, int count) {
        meters.get(source).fetched.increment(count);
    }

    void published(Source source, int count) {
        meters.get(source).published.increment(count);
    }

    void unchanged(Source source, int count) {
        meters.get(source).unchanged.increment(count);
    }

    void rejected(Source source) {
        meters.get(source).rejected.increment();
    }

    Timer publishLatency(Source source) {
        return meters.get(source).latency;
    }

    public void rateLimitWait(Source source) {
        meters.get(source).rateLimitWaits.increment();
    }

    public void pollSucceeded(Source source) {
        meters.get(source).lastPoll.set(clock.instant().getEpochSecond());
    }

    private record Meters(Counter fetched, Counter published, Counter unchanged, Counter rejected,
                          Counter rateLimitWaits, Timer latency, AtomicLong lastPoll) {
    }
}

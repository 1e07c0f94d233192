package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.IngestReject;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one writer of {@code papers.v1} and {@code ingest.rejects.v1}. A paper is merged with its stored state,
 * published only when something a reader sees changed, and its new state is stored only after Kafka acknowledged
 * it: a crash in between re-publishes (at least once, consumers are idempotent) but never loses an accepted paper.
 */
@Component
public class PaperPublisher {

    private static final Logger log = LoggerFactory.getLogger(PaperPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final PaperStateStore store;
    private final IngestMetrics metrics;
    private final IngestProperties.Publish settings;
    private final Clock clock;

    PaperPublisher(KafkaTemplate<String, byte[]> kafka, PaperStateStore store, IngestMetrics metrics,
                   IngestProperties properties, Clock clock) {
        this.kafka = kafka;
        this.store = store;
        this.metrics = metrics;
        this.settings = properties.publish();
        this.clock = clock;
    }

    public Published publish(PaperEvent paper) {
        return publish(List.of(paper)).getFirst();
    }

    /**
     * Publishes a batch, sending every changed paper before waiting for the acknowledgements (so the producer
     * batches and compresses them), and answers one result per input, in input order.
     *
     * @throws KafkaUnavailableException when not every send was acknowledged in time; the acknowledged ones are
     *                                   stored, the others will be published again when seen again
     */
    public List<Published> publish(List<PaperEvent> papers) {
        if (papers.isEmpty()) {
            return List.of();
        }
        Source source = papers.getFirst().source();
        long started = System.nanoTime();
        Map<String, PaperStateStore.State> states = new LinkedHashMap<>(
                store.load(papers.stream().map(PaperEvent::id).distinct().toList()));
        List<Published> results = new ArrayList<>(papers.size());
        Map<String, PaperStateStore.State> changed = new LinkedHashMap<>();
        Map<String, CompletableFuture<SendResult<String, byte[]>>> sends = new LinkedHashMap<>();
        for (PaperEvent incoming : papers) {
            PaperStateStore.State previous = states.get(incoming.id());
            PaperMerger.Merged merged = PaperMerger.merge(previous == null ? null : previous.paper(),
                    previous != null && previous.bibliographicFromArxiv(), incoming);
            String fingerprint = PaperStateStore.fingerprint(merged.paper());
            if (previous != null && fingerprint.equals(previous.fingerprint())) {
                results.add(new Published(incoming.id(), merged.paper().version(), PublishOutcome.UNCHANGED));
                continue;
            }
            PaperStateStore.State next = new PaperStateStore.State(merged.paper(), merged.bibliographicFromArxiv(),
                    fingerprint, previous != null && previous.stored());
            states.put(incoming.id(), next);
            changed.put(incoming.id(), next);
            // a later observation of the same id in this batch supersedes the earlier send in the compacted topic
            sends.put(incoming.id() + "#" + results.size(), send(Topics.PAPERS, incoming.id(), merged.paper()));
            results.add(new Published(incoming.id(), merged.paper().version(), PublishOutcome.PUBLISHED));
        }
        awaitAll(new ArrayList<>(sends.values()), () -> storeAcknowledged(sends, changed));
        store.save(new ArrayList<>(changed.values()));
        metrics.publishLatency(source).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        long published = results.stream().filter(r -> r.outcome() == PublishOutcome.PUBLISHED).count();
        metrics.published(source, (int) published);
        metrics.unchanged(source, results.size() - (int) published);
        return results;
    }

    /** Sends one refused input to {@code ingest.rejects.v1}; the caller may wait for the returned future. */
    public CompletableFuture<?> reject(Source source, String location, String rawPayload,
                                       List<IngestReject.Reason> reasons) {
        metrics.rejected(source);
        IngestReject reject = IngestReject.of(UUID.randomUUID().toString(), source, location, rawPayload, reasons,
                clock.instant());
        return send(Topics.INGEST_REJECTS, source.wireName(), reject);
    }

    /** Waits for rejects sent earlier, so that a job counts them only once they are safely on the topic. */
    public void await(List<CompletableFuture<?>> futures) {
        awaitAll(futures, () -> { });
    }

    private CompletableFuture<SendResult<String, byte[]>> send(String topic, String key, Object event) {
        try {
            return kafka.send(topic, key, EventCodec.toJson(event));
        } catch (RuntimeException e) {
            // the producer throws synchronously when metadata is unavailable for max.block.ms
            return CompletableFuture.failedFuture(e);
        }
    }

    private void awaitAll(List<? extends CompletableFuture<?>> futures, Runnable onFailure) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onFailure.run();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            onFailure.run();
            log.warn("Kafka did not acknowledge: {}", e.getMessage());
            throw new KafkaUnavailableException("Kafka did not acknowledge the events", e);
        }
    }

    /** After a partial failure keep the state of what Kafka did acknowledge, so it is not republished needlessly. */
    private void storeAcknowledged(Map<String, CompletableFuture<SendResult<String, byte[]>>> sends,
                                   Map<String, PaperStateStore.State> changed) {
        List<PaperStateStore.State> acked = new ArrayList<>();
        Map<String, Boolean> allAcked = new LinkedHashMap<>();
        sends.forEach((key, future) -> {
            String id = key.substring(0, key.lastIndexOf('#'));
            boolean ok = future.isDone() && !future.isCompletedExceptionally();
            allAcked.merge(id, ok, Boolean::logicalAnd);
        });
        allAcked.forEach((id, ok) -> {
            if (ok) {
                acked.add(changed.get(id));
            }
        });
        try {
            store.save(acked);
        } catch (RuntimeException e) {
            log.warn("could not store the state of {} acknowledged papers; they will be published again",
                    acked.size(), e);
        }
    }
}

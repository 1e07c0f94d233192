package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.IngestReject;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.support.tracing.TraceContinuation;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one writer of {@code papers.v1} and {@code ingest.rejects.v1}. A paper is merged with its stored state,
 * published only when something a reader sees changed, and its new state is stored only after Kafka acknowledged
 * it: a crash in between re-publishes (at least once, consumers are idempotent) but never loses an accepted paper.
 * <p>
 * Bulk callers pipeline: {@link #send(List)} a batch, go on reading the next one, {@link #complete(SentBatch)}
 * later. Sent but not yet stored states are kept in memory meanwhile, so a paper seen again in a later batch is
 * merged with what was just sent rather than with the older stored state.
 * <p>
 * How long a caller waits for Kafka: a REST caller ({@link #publish(PaperEvent)}) at most
 * {@code paperboy.ingest.publish.ack-timeout}, then it gets a 503. A job (every other method) waits for the
 * producer's own verdict, which arrives within its {@code delivery.timeout.ms} while the producer retries (with
 * the same sequence numbers: the idempotent producer writes a retried batch once). A shorter wait of its own
 * failed imports on a slow broker that the producer would still have delivered to. A record the producer refuses
 * to take (no metadata or buffer space within {@code max.block.ms}: Kafka unreachable) fails the send, and the rest
 * of its batch fails with it at once instead of blocking as long again per record; the job then fails, and what it
 * had acknowledged is stored. Re-offering refused records was tried and dropped: it held a paper's merged state
 * unsent for minutes, long enough for another writer's newer change of that paper to overtake it on the topic.
 */
@Component
public class PaperPublisher {

    private static final Logger log = LoggerFactory.getLogger(PaperPublisher.class);
    // the producer expires batches from its sender thread, which a loaded machine may run late; this wait only
    // guards against a verdict that never comes: the producer decides
    private static final Duration EXPIRY_SLACK = Duration.ofSeconds(30);
    private static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000; // Kafka's own default

    private final KafkaTemplate<String, byte[]> kafka;
    // the same producer without a Micrometer observation per record: a bulk batch gets one producer span instead
    private final KafkaTemplate<String, byte[]> bulkKafka;
    private final TraceContinuation traces;
    private final PaperStateStore store;
    private final IngestMetrics metrics;
    private final IngestProperties.Publish settings;
    private final Clock clock;
    private final Map<String, PaperStateStore.State> unstored = new ConcurrentHashMap<>();
    // how long a job waits for its acknowledgements: the producer's own verdict, plus slack
    private final Duration jobAckWait;

    PaperPublisher(KafkaTemplate<String, byte[]> kafka, TraceContinuation traces, PaperStateStore store,
                   IngestMetrics metrics, IngestProperties properties, Clock clock) {
        this.kafka = kafka;
        this.bulkKafka = new KafkaTemplate<>(kafka.getProducerFactory());
        this.traces = traces;
        this.store = store;
        this.metrics = metrics;
        this.settings = properties.publish();
        this.clock = clock;
        this.jobAckWait = deliveryTimeout(kafka.getProducerFactory().getConfigurationProperties())
                .plus(EXPIRY_SLACK);
    }

    /** The producer's {@code delivery.timeout.ms}: the longest a sent record waits for its verdict. */
    static Duration deliveryTimeout(Map<String, Object> producerConfig) {
        Object value = producerConfig.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        return Duration.ofMillis(value == null ? DEFAULT_DELIVERY_TIMEOUT_MS : Long.parseLong(value.toString()));
    }

    /**
     * Publishes one paper for a caller who waits (REST): at most {@code ack-timeout}.
     *
     * @throws KafkaUnavailableException when Kafka did not acknowledge within {@code ack-timeout}
     */
    public Published publish(PaperEvent paper) {
        return complete(send(List.of(paper), settings.ackTimeout())).getFirst();
    }

    /**
     * Publishes a job's batch and waits until it is acknowledged and its state stored; one result per input, in
     * input order.
     *
     * @throws KafkaUnavailableException when the producer gave up on a send; the acknowledged ones are stored, the
     *                                   others will be published again when seen again
     */
    public List<Published> publish(List<PaperEvent> papers) {
        return papers.isEmpty() ? List.of() : complete(send(papers));
    }

    /**
     * Merges a batch with the known states and hands every changed paper to the producer without waiting (so
     * the producer batches and compresses them). Nothing counts as published before {@link #complete}.
     * <p>
     * A single paper is sent with the template's observation (its own producer span, child of the caller's
     * trace). A batch of several gets one producer span whose {@code traceparent} every record carries: a
     * span per record cost about as much CPU as the rest of the send path on bulk imports.
     */
    public SentBatch send(List<PaperEvent> papers) {
        return send(papers, jobAckWait);
    }

    private SentBatch send(List<PaperEvent> papers, Duration ackWait) {
        long started = System.nanoTime();
        Source source = papers.isEmpty() ? Source.FILE : papers.getFirst().source();
        Map<String, PaperStateStore.State> states = knownStates(papers);
        Span span = papers.size() > 1 ? traces.startChild("papers.v1 send", Span.Kind.PRODUCER, null) : null;
        RecordHeader traceparent = span == null ? null : traceparentHeader(span, papers.size());
        List<Published> results = new ArrayList<>(papers.size());
        Map<String, PaperStateStore.State> changed = new LinkedHashMap<>();
        List<SentBatch.Send> sends = new ArrayList<>();
        CompletableFuture<?> refused = null;
        for (PaperEvent incoming : papers) {
            PaperStateStore.State previous = states.get(incoming.id());
            PaperMerger.Merged merged = PaperMerger.merge(previous == null ? null : previous.paper(),
                    previous != null && previous.bibliographicFromArxiv(), incoming);
            String fingerprint = PaperStateStore.fingerprint(merged.paper());
            if (previous != null && fingerprint.equals(previous.fingerprint())) {
                results.add(new Published(incoming.id(), merged.paper().version(), PublishOutcome.UNCHANGED));
                continue;
            }
            byte[] json = EventCodec.toJson(merged.paper());
            // a state still in flight may be stored by then: replace-upsert rather than insert
            boolean stored = previous != null && (previous.stored() || unstored.containsKey(incoming.id()));
            PaperStateStore.State next = new PaperStateStore.State(merged.paper(), merged.bibliographicFromArxiv(),
                    fingerprint, stored, json);
            states.put(incoming.id(), next);
            changed.put(incoming.id(), next);
            unstored.put(incoming.id(), next);
            // a later observation of the same id in this batch supersedes the earlier send in the compacted topic
            CompletableFuture<?> ack = refused != null ? refused : span == null
                    ? send(Topics.PAPERS, incoming.id(), json) : sendInBulk(incoming.id(), json, traceparent);
            if (ack.isCompletedExceptionally()) {
                refused = ack; // the producer did not take it: the rest of the batch would block as long again
            }
            sends.add(new SentBatch.Send(incoming.id(), ack));
            results.add(new Published(incoming.id(), merged.paper().version(), PublishOutcome.PUBLISHED));
        }
        return new SentBatch(source, started, results, sends, changed, span, ackWait);
    }

    /**
     * Waits for a sent batch's acknowledgements (a job's batch: for the producer's verdict), then stores the new
     * states in one bulk write and answers the results.
     *
     * @throws KafkaUnavailableException when not every send was acknowledged (the acknowledged ones are stored)
     */
    public List<Published> complete(SentBatch batch) {
        try {
            try {
                awaitAll(batch.sends().stream().map(SentBatch.Send::ack).toList(), batch.ackWait());
            } catch (KafkaUnavailableException e) {
                throw new KafkaUnavailableException(e.getMessage(), e.getCause(), storeAcknowledged(batch));
            }
            store.save(new ArrayList<>(batch.changed().values()));
        } catch (RuntimeException e) {
            if (batch.span() != null) {
                batch.span().error(e);
            }
            throw e;
        } finally {
            batch.changed().forEach(unstored::remove);
            if (batch.span() != null) {
                batch.span().end();
            }
        }
        metrics.publishLatency(batch.source()).record(System.nanoTime() - batch.startedNanos(), TimeUnit.NANOSECONDS);
        long published = batch.results().stream().filter(r -> r.outcome() == PublishOutcome.PUBLISHED).count();
        metrics.published(batch.source(), (int) published);
        metrics.unchanged(batch.source(), batch.size() - (int) published);
        return batch.results();
    }

    /** Sends one refused input to {@code ingest.rejects.v1}; the caller may wait for the returned future. */
    public CompletableFuture<?> reject(Source source, String location, String rawPayload,
                                       List<IngestReject.Reason> reasons) {
        metrics.rejected(source);
        IngestReject reject = IngestReject.of(UUID.randomUUID().toString(), source, location, rawPayload, reasons,
                clock.instant());
        byte[] json = EventCodec.toJson(reject);
        return send(Topics.INGEST_REJECTS, source.wireName(), json);
    }

    /** Waits for rejects a job sent earlier, so that it counts them only once they are safely on the topic. */
    public void await(List<CompletableFuture<?>> futures) {
        awaitAll(futures, jobAckWait);
    }

    /** The states in flight (newest) or else stored, of the batch's papers. */
    private Map<String, PaperStateStore.State> knownStates(List<PaperEvent> papers) {
        Map<String, PaperStateStore.State> states = new HashMap<>();
        List<String> toLoad = new ArrayList<>(papers.size());
        for (PaperEvent paper : papers) {
            PaperStateStore.State inFlight = unstored.get(paper.id());
            if (inFlight != null) {
                states.put(paper.id(), inFlight);
            } else if (!states.containsKey(paper.id())) {
                toLoad.add(paper.id());
            }
        }
        if (!toLoad.isEmpty()) {
            store.load(toLoad).forEach(states::putIfAbsent);
        }
        return states;
    }

    /** The batch span's {@code traceparent} as a header (null without tracing); the span is tagged with the size. */
    private RecordHeader traceparentHeader(Span span, int size) {
        span.tag("messaging.destination.name", Topics.PAPERS).tag("messaging.batch.message_count", size);
        String value = traces.traceparent(span);
        return value == null ? null : new RecordHeader(TraceContinuation.TRACEPARENT,
                value.getBytes(StandardCharsets.US_ASCII));
    }

    private CompletableFuture<?> sendInBulk(String key, byte[] json, RecordHeader traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(traceparent);
        }
        try {
            return bulkKafka.send(new ProducerRecord<>(Topics.PAPERS, null, key, json, headers));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<?> send(String topic, String key, byte[] json) {
        try {
            return kafka.send(topic, key, json);
        } catch (RuntimeException e) {
            // the producer throws synchronously when metadata is unavailable for max.block.ms
            return CompletableFuture.failedFuture(e);
        }
    }

    private void awaitAll(Collection<? extends CompletableFuture<?>> futures, Duration wait) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "no verdict within " + wait.toSeconds() + " s"
                    : e.getMessage();
            log.warn("Kafka did not acknowledge: {}", why);
            throw new KafkaUnavailableException("Kafka did not acknowledge the events: " + why, e);
        }
    }

    /**
     * After a partial failure keeps the state of what Kafka did acknowledge, so it is not republished needlessly;
     * answers the batch's results that took effect (published and now stored, or unchanged).
     */
    private List<Published> storeAcknowledged(SentBatch batch) {
        Map<String, Boolean> allAcked = new LinkedHashMap<>();
        for (SentBatch.Send send : batch.sends()) {
            boolean ok = send.ack().isDone() && !send.ack().isCompletedExceptionally();
            allAcked.merge(send.id(), ok, Boolean::logicalAnd);
        }
        List<PaperStateStore.State> acked = new ArrayList<>();
        allAcked.forEach((id, ok) -> {
            if (ok) {
                acked.add(batch.changed().get(id));
            }
        });
        try {
            store.save(acked);
        } catch (RuntimeException e) {
            log.warn("could not store the state of {} acknowledged papers; they will be published again",
                    acked.size(), e);
            return batch.results().stream().filter(r -> r.outcome() == PublishOutcome.UNCHANGED).toList();
        }
        return batch.results().stream().filter(r -> r.outcome() == PublishOutcome.UNCHANGED
                || Boolean.TRUE.equals(allAcked.get(r.id()))).toList();
    }
}

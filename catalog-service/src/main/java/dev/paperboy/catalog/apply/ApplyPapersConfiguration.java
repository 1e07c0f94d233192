package dev.paperboy.catalog.apply;

import dev.paperboy.catalog.store.PaperStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.support.tracing.TraceContinuation;
import io.micrometer.tracing.Span;
import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The papers.v1 consumer ({@code applyPapers}, binding {@code applyPapers-in-0}, group {@code catalog}, batch
 * mode). Per batch: decode every record; apply the valid ones with one bulk write; then dead-letter the poison ones
 * (undecodable JSON, missing id, id not an arXiv id) to {@link Topics#PAPERS_DLQ} with the reason in headers.
 * Any other failure (MongoDB unreachable) is thrown: the container's error handler retries the whole batch with
 * exponential backoff, without end and without dead-lettering, and commits no offset before the batch is stored.
 */
@Configuration(proxyBeanMethods = false)
class ApplyPapersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApplyPapersConfiguration.class);

    @Bean
    Consumer<Message<List<byte[]>>> applyPapers(PaperStore store, DeadLetters deadLetters, MeterRegistry meters,
                                                TraceContinuation traces) {
        // Names the operators' dashboard reads: paperboy_catalog_applied_total, paperboy_catalog_apply_seconds_*
        Timer applyTime = Timer.builder("paperboy.catalog.apply").description("One papers.v1 batch written to MongoDB")
                .publishPercentileHistogram().register(meters);
        Counter written = Counter.builder("paperboy.catalog.applied").tag("result", "written")
                .description("Paper events applied").register(meters);
        Counter unchanged = Counter.builder("paperboy.catalog.applied").tag("result", "unchanged")
                .description("Paper events applied").register(meters);
        Counter deadLettered = Counter.builder("paperboy.catalog.dead.letters")
                .description("Poison papers.v1 records sent to the DLQ").register(meters);
        registerWriteCacheMeters(store, meters);
        return message -> {
            List<byte[]> payloads = message.getPayload();
            List<?> keys = header(message, KafkaHeaders.RECEIVED_KEY);
            List<?> topics = header(message, KafkaHeaders.RECEIVED_TOPIC);
            List<?> partitions = header(message, KafkaHeaders.RECEIVED_PARTITION);
            List<?> offsets = header(message, KafkaHeaders.OFFSET);
            List<?> recordHeaders = header(message, KafkaHeaders.BATCH_CONVERTED_HEADERS);
            List<PaperEvent> valid = new ArrayList<>(payloads.size());
            List<Span> spans = new ArrayList<>(payloads.size());
            Map<String, String> traceparents = new HashMap<>();
            List<Runnable> poison = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                byte[] payload = payloads.get(i);
                try {
                    PaperEvent event = PaperDecoder.decode(payload);
                    valid.add(event);
                    // batch listeners get no observation: continue each record's trace (ingest's send) by hand
                    Span span = traces.startChild("paperboy.catalog.apply", Span.Kind.CONSUMER,
                            TraceContinuation.headerText(at(recordHeaders, i) instanceof Map<?, ?> h
                                    ? h.get(TraceContinuation.TRACEPARENT) : null));
                    span.tag("paperboy.paper.id", event.id());
                    spans.add(span);
                    String traceparent = traces.traceparent(span);
                    if (traceparent != null && event.eventId() != null) {
                        traceparents.put(event.eventId(), traceparent);
                    }
                } catch (PoisonRecordException e) {
                    String key = text(at(keys, i));
                    DeadLetters.Origin origin = new DeadLetters.Origin(
                            at(topics, i) == null ? Topics.PAPERS : at(topics, i).toString(),
                            at(partitions, i) instanceof Number n ? n.intValue() : null,
                            at(offsets, i) instanceof Number n ? n.longValue() : null);
                    poison.add(() -> deadLetters.send(key, payload, origin, e));
                }
            }
            if (!valid.isEmpty()) {
                PaperStore.ApplyResult result;
                try {
                    result = applyTime.record(() -> store.apply(valid, traceparents));
                } catch (RuntimeException e) {
                    spans.forEach(span -> span.error(e).end());
                    throw e;
                }
                spans.forEach(Span::end);
                written.increment(result.written());
                unchanged.increment(result.events() - result.written());
                log.debug("Applied papers.v1 batch: {}", result);
            }
            poison.forEach(Runnable::run); // after the writes: a retried batch does not dead-letter twice
            deadLettered.increment(poison.size());
        };
    }

    /**
     * Replaces the binder's batch-mode DLQ (which would dead-letter a whole batch on any error, MongoDB outages
     * included) by an error handler that retries failed batches forever with backoff; poison records are
     * dead-lettered by the consumer itself.
     */
    @Bean
    ListenerContainerWithDlqAndRetryCustomizer applyPapersContainerCustomizer(
            @Value("${paperboy.catalog.apply.retry-initial-interval:PT0.5S}") Duration initial,
            @Value("${paperboy.catalog.apply.retry-max-interval:PT30S}") Duration max) {
        return new ListenerContainerWithDlqAndRetryCustomizer() {
            @Override
            public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName,
                                  String group,
                                  BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                                  BackOff backOff) {
                if (!Topics.PAPERS.equals(destinationName)) {
                    return;
                }
                ExponentialBackOff retry = new ExponentialBackOff(initial.toMillis(), 2.0);
                retry.setMaxInterval(max.toMillis());
                retry.setMaxElapsedTime(Long.MAX_VALUE);
                retry.setMaxAttempts(Long.MAX_VALUE);
                DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> {
                    throw new IllegalStateException("papers.v1 batch not stored; it will be redelivered", e);
                }, retry);
                handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
                container.setCommonErrorHandler(handler);
            }

            @Override
            public boolean retryAndDlqInBinding(String destinationName, String group) {
                return !Topics.PAPERS.equals(destinationName);
            }
        };
    }

    /**
     * paperboy_catalog_write_cache_total{result=hit|miss} (papers updated from what this instance wrote last, or
     * read first), paperboy_catalog_write_cache_entries and _bytes (estimated heap).
     */
    private static void registerWriteCacheMeters(PaperStore store, MeterRegistry meters) {
        FunctionCounter.builder("paperboy.catalog.write.cache", store, s -> s.writeCacheStats().hits())
                .tag("result", "hit").description("Papers merged from the write cache, without a read")
                .register(meters);
        FunctionCounter.builder("paperboy.catalog.write.cache", store, s -> s.writeCacheStats().misses())
                .tag("result", "miss").description("Papers read before the write: not in the write cache")
                .register(meters);
        Gauge.builder("paperboy.catalog.write.cache.entries", store, s -> s.writeCacheStats().entries())
                .description("Papers in the write cache").register(meters);
        Gauge.builder("paperboy.catalog.write.cache.bytes", store, s -> s.writeCacheStats().bytes())
                .description("Estimated heap bytes of the write cache").baseUnit("bytes").register(meters);
    }

    private static List<?> header(Message<?> message, String name) {
        Object value = message.getHeaders().get(name);
        return value instanceof List<?> list ? list : List.of();
    }

    private static Object at(List<?> list, int index) {
        return index < list.size() ? list.get(index) : null;
    }

    private static String text(Object key) {
        if (key == null) {
            return null;
        }
        return key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString();
    }
}

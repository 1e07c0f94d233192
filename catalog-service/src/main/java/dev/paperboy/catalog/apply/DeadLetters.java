package dev.paperboy.catalog.apply;

import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes poison records of papers.v1 to {@link Topics#PAPERS_DLQ}: the original key and bytes, the reason in
 * {@value #REASON} (and the binder's usual {@code x-exception-message}), and where the record came from in
 * {@code x-original-topic}, {@code x-original-partition}, {@code x-original-offset} (all header values UTF-8 text).
 * Synchronous: the batch's offsets are committed only after the dead letter is stored.
 */
@Component
public class DeadLetters {

    public static final String REASON = "x-dlq-reason";
    public static final String EXCEPTION_MESSAGE = "x-exception-message";
    public static final String EXCEPTION_FQCN = "x-exception-fqcn";
    public static final String ORIGINAL_TOPIC = "x-original-topic";
    public static final String ORIGINAL_PARTITION = "x-original-partition";
    public static final String ORIGINAL_OFFSET = "x-original-offset";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> kafka;

    public DeadLetters(KafkaTemplate<String, byte[]> eventKafkaTemplate) {
        this.kafka = eventKafkaTemplate;
    }

    /** Where a record came from. */
    public record Origin(String topic, Integer partition, Long offset) {
    }

    public void send(String key, byte[] payload, Origin origin, PoisonRecordException reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.PAPERS_DLQ, key, payload);
        header(record, REASON, reason.getMessage());
        header(record, EXCEPTION_MESSAGE, reason.getMessage());
        header(record, EXCEPTION_FQCN, reason.getClass().getName());
        header(record, ORIGINAL_TOPIC, origin.topic());
        header(record, ORIGINAL_PARTITION, origin.partition() == null ? null : origin.partition().toString());
        header(record, ORIGINAL_OFFSET, origin.offset() == null ? null : origin.offset().toString());
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write a dead letter to " + Topics.PAPERS_DLQ, e);
        }
        log.warn("Dead-lettered papers.v1 record key={} {}: {}", key, origin, reason.getMessage());
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        if (value != null) {
            record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}

package dev.paperboy.catalog;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.testsupport.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Kafka and paper helpers for the catalog's tests (plain clients on the shared broker). */
public final class CatalogTestSupport {

    private static KafkaProducer<String, byte[]> producer;

    private CatalogTestSupport() {
    }

    /**
     * A new-style id in a test class's own range: {@code range} (1..99) picks the month-like prefix, so classes
     * never share papers ({@code id(11, 7)} = {@code 2611.00007}).
     */
    public static String id(int range, int n) {
        return String.format("26%02d.%05d", range, n);
    }

    public static PaperEvent paper(String id, int version, int upvotes, Instant observedAt) {
        return paper(id, version, upvotes, observedAt, LocalDate.of(2025, 12, 11), "Paper " + id);
    }

    public static PaperEvent paper(String id, int version, Integer upvotes, Instant observedAt, LocalDate dailyDate,
                                   String title) {
        return new PaperEvent(PaperEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), id, version, title,
                "An abstract about " + title + " with enough words to look like one.", List.of("Ada Lovelace",
                "Alan Turing"), List.of("cs.LG", "cs.CL"), "cs.LG", List.of("pre-training", "initialization"),
                Instant.parse("2025-12-09T17:00:00Z"), Instant.parse("2025-12-09T17:00:00Z").plusSeconds(version),
                dailyDate, upvotes, 3, "https://github.com/example/" + id, 42, null, "Example Lab", null, null,
                null, Source.HUGGINGFACE, observedAt);
    }

    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    /** Publishes events on papers.v1 (key = id), as ingest-service does, and waits for the broker's ack. */
    public static void publish(PaperEvent... events) {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (PaperEvent event : events) {
            acks.add(producer().send(new ProducerRecord<>(Topics.PAPERS, event.id(), EventCodec.toJson(event))));
        }
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
    }

    /** The end offsets of a topic's partitions. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    public static long totalEndOffset(String topic) {
        try (Admin admin = admin()) {
            return endOffsets(admin, topic).values().stream().mapToLong(Long::longValue).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code group} has committed everything currently in papers.v1. */
    public static boolean consumedEverything(String group) {
        try (Admin admin = admin()) {
            return consumedEverything(admin, group);
        }
    }

    public static boolean consumedEverything(Admin admin, String group) {
        try {
            Map<TopicPartition, Long> end = endOffsets(admin, Topics.PAPERS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the catalog's group has committed (so applied) everything published so far. */
    public static void awaitConsumed(String group) {
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> consumedEverything(admin, group));
        }
    }

    /** Every record of a topic from the beginning (a throwaway consumer), polled until {@code minCount} are seen. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic, int minCount) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long end = totalEndOffset(topic);
            while (System.nanoTime() < deadline && (records.size() < Math.max(minCount, end))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

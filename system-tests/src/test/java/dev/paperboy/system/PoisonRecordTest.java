package dev.paperboy.system;

import dev.paperboy.contracts.Topics;
import dev.paperboy.testsupport.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.paperboy.system.HttpProbe.get;
import static dev.paperboy.system.HttpProbe.postJson;
import static dev.paperboy.system.HttpProbe.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison records on the topics the services consume: each lands on its dead-letter topic and the consumer goes on
 * with the next good record.
 */
class PoisonRecordTest {

    private static final List<byte[]> POISON = List.of(
            "{".getBytes(StandardCharsets.UTF_8),
            new byte[]{(byte) 0xC3, (byte) 0x28, 0, 1, 2},
            "{\"schemaVersion\":1,\"id\":{\"$gt\":\"\"},\"title\":\"no\"}".getBytes(StandardCharsets.UTF_8),
            "{\"schemaVersion\":1,\"id\":\"not-an-id\",\"title\":\"T\"}".getBytes(StandardCharsets.UTF_8),
            "[1,2,3]".getBytes(StandardCharsets.UTF_8),
            "null".getBytes(StandardCharsets.UTF_8));

    @Test
    void catalogDeadLettersPoisonPapersAndKeepsApplying() throws Exception {
        PaperboyStack stack = PaperboyStack.inProcess();
        String marker = UUID.randomUUID().toString();
        produce(Topics.PAPERS, marker);

        // A good paper after the poison still reaches the catalog.
        HttpResponse<String> accepted = send(postJson(stack.ingest.url("/api/papers"), """
                {"arxivId":"2502.00002","title":"After the poison","abstract":"Still applied.",
                 "authors":["A. Author"],"category":"cs.LG","publishedDate":"2025-02-01","upvotes":2}"""));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(send(get(stack.catalog.url("/api/papers/2502.00002"))).body()).contains("After the poison"));

        assertThat(deadLetters(Topics.PAPERS_DLQ, marker)).as("poison records on " + Topics.PAPERS_DLQ)
                .hasSize(POISON.size());
    }

    @Test
    void notifyDeadLettersPoisonSnapshots() throws Exception {
        PaperboyStack.inProcess();
        String marker = UUID.randomUUID().toString();
        produce(Topics.TRENDING, marker);
        assertThat(deadLetters(Topics.TRENDING_DLQ, marker)).as("poison records on " + Topics.TRENDING_DLQ)
                .hasSize(POISON.size());
    }

    /** Sends every poison value with {@code marker} as its key, so this run's dead letters can be told apart. */
    private static void produce(String topic, String marker) throws Exception {
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : POISON) {
                producer.send(new ProducerRecord<>(topic, marker.getBytes(StandardCharsets.UTF_8), value)).get();
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String topic, String marker) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "poison-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && marker.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
                return found.size() >= POISON.size();
            });
        }
        return found;
    }
}

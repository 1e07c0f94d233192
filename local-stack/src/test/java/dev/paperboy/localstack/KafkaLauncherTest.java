package dev.paperboy.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class KafkaLauncherTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void formatsOnceAndKeepsRecordsAcrossARestart() throws Exception {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path data = dir.resolve("kafka");

        KafkaLauncher first = new KafkaLauncher(data, port, controllerPort);
        assertThat(first.isFormatted()).isFalse();
        try (first) {
            first.start();
            assertThat(first.isFormatted()).isTrue();
            assertThat(first.createTopics(KafkaLauncher.TOPICS)).containsExactlyInAnyOrder(Topics.PAPERS,
                    Topics.INGEST_REJECTS, Topics.TRENDING, Topics.PAPERS_DLQ, Topics.TRENDING_DLQ);
            try (Admin admin = first.admin()) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.PAPERS,
                        Topics.INGEST_REJECTS, Topics.TRENDING)).allTopicNames().get(10, TimeUnit.SECONDS);
                assertThat(topics.get(Topics.PAPERS).partitions()).hasSize(12);
                assertThat(topics.get(Topics.INGEST_REJECTS).partitions()).hasSize(3);
                assertThat(topics.get(Topics.TRENDING).partitions()).hasSize(1);
                var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PAPERS);
                var config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(config.get("retention.ms").value()).isEqualTo("-1");
                var trending = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRENDING);
                assertThat(admin.describeConfigs(List.of(trending)).all().get(10, TimeUnit.SECONDS).get(trending)
                        .get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(Topics.TRENDING, "day", "{\"kept\":true}")).get(10, TimeUnit.SECONDS);
            }
        }
        String metaBefore = Files.readString(data.resolve("meta.properties"));

        KafkaLauncher second = new KafkaLauncher(data, port, controllerPort);
        assertThat(second.isFormatted()).isTrue();
        try (second) {
            second.start();
            assertThat(Files.readString(data.resolve("meta.properties"))).isEqualTo(metaBefore);
            assertThat(second.createTopics(KafkaLauncher.TOPICS)).isEmpty();
            assertThat(readAll(second.bootstrapServers(), Topics.TRENDING))
                    .extracting(ConsumerRecord::value).containsExactly("{\"kept\":true}");
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}

package dev.paperboy.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SharedInfrastructureTest {

    @BeforeAll
    static void requireServer() {
        SharedMongo.assumeAvailable();
    }

    @Test
    void brokerAcceptsAndDeliversRecords() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("shared-infra-test", "2412.07762", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "shared-infra-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("shared-infra-test"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 20 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("2412.07762");
                assertThat(r.value()).isEqualTo("hello");
            });
        }
        assertThat(SharedKafka.bootstrapServers()).as("one broker per JVM").isEqualTo(bootstrap);
    }

    @Test
    void mongoStoresAndFindsById() {
        try (MongoClient client = MongoClients.create(SharedMongo.uri("shared-infra-test"))) {
            MongoCollection<Document> papers = client.getDatabase("shared-infra-test").getCollection("papers");
            papers.deleteMany(new Document());
            papers.insertOne(new Document("_id", "2412.07762").append("title", "T"));
            assertThat(papers.find(new Document("_id", "2412.07762")).first()).containsEntry("title", "T");
        }
    }

    @Test
    void urisNameTheRequestedDatabase() {
        assertThat(SharedMongo.uri("catalog")).matches("mongodb://[^/]+/catalog(\\?.*)?");
    }

    @Test
    void replacesTheDatabaseAndKeepsOptions() {
        assertThat(SharedMongo.withDatabase("mongodb://localhost:33/test?replicaSet=rs0", "notify"))
                .isEqualTo("mongodb://localhost:33/notify?replicaSet=rs0");
        assertThat(SharedMongo.withDatabase("mongodb://127.0.0.1:27017", "catalog"))
                .isEqualTo("mongodb://127.0.0.1:27017/catalog");
        assertThat(SharedMongo.withDatabase("mongodb://127.0.0.1:27017/", "catalog"))
                .isEqualTo("mongodb://127.0.0.1:27017/catalog");
    }

    @Test
    void samplePapersAreOnTheClasspath() {
        assertThat(SamplePapers.jsonLines()).hasSize(43);
        assertThat(SamplePapers.hfDailyPapersJson()).contains("\"submittedOnDailyAt\"");
    }
}

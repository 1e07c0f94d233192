package dev.paperboy.catalog.apply;

import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.Map;

/** The catalog's own producer (dead letters, trending snapshots): String keys, {@code EventCodec} bytes. */
@Configuration(proxyBeanMethods = false)
class KafkaProducerConfiguration {

    @Bean
    KafkaTemplate<String, byte[]> eventKafkaTemplate(KafkaProperties properties) {
        Map<String, Object> config = properties.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        // trending.v1 records carry the trace of the trending run; the notify consumer continues it
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    NewTopic papersDeadLetterTopic() {
        return TopicBuilder.name(Topics.PAPERS_DLQ).partitions(1).build();
    }
}

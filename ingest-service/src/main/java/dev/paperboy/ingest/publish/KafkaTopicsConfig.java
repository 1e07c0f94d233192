package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics ingest-service writes, created at startup by Spring's KafkaAdmin (no-op when they exist). */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfig {

    @Bean
    NewTopic papersTopic() {
        // compacted and kept forever: the latest event per paper id is the catalog's replayable source of truth
        return TopicBuilder.name(Topics.PAPERS).partitions(Topics.PAPERS_PARTITIONS)
                .config("cleanup.policy", "compact").config("retention.ms", "-1").build();
    }

    @Bean
    NewTopic rejectsTopic() {
        return TopicBuilder.name(Topics.INGEST_REJECTS).partitions(Topics.INGEST_REJECTS_PARTITIONS).build();
    }
}

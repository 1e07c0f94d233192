package dev.paperboy.catalog.trending;

import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.net.InetAddress;
import java.time.Clock;
import java.util.UUID;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(TrendingProperties.class)
class TrendingConfiguration {

    @Bean
    NewTopic trendingTopic() {
        return TopicBuilder.name(Topics.TRENDING).partitions(Topics.TRENDING_PARTITIONS).build();
    }

    @Bean
    TrendingService trendingService(MongoTemplate mongo, KafkaTemplate<String, byte[]> eventKafkaTemplate,
                                    TrendingProperties properties,
                                    @Value("${paperboy.catalog.public-url:http://localhost:8082}") String publicUrl,
                                    MeterRegistry meters) {
        return new TrendingService(mongo, eventKafkaTemplate, properties.top(), publicUrl, meters);
    }

    @Bean
    MongoLockProvider trendingLockProvider(MongoTemplate mongo, ObjectProvider<Clock> clock) {
        return new MongoLockProvider(mongo.getCollection(MongoLockProvider.COLLECTION), instanceName(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    TrendingJob trendingJob(TrendingService service, MongoLockProvider trendingLockProvider,
                            TrendingProperties properties, ObjectProvider<Clock> clock) {
        return new TrendingJob(service, trendingLockProvider, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnProperty(name = "paperboy.catalog.trending.enabled", havingValue = "true", matchIfMissing = true)
    TrendingScheduler trendingScheduler(TrendingJob job) {
        return new TrendingScheduler(job);
    }

    static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID();
    }

    /** The periodic run ({@code paperboy.catalog.trending.interval}); every instance tries, one gets the lock. */
    static class TrendingScheduler {

        private static final Logger log = LoggerFactory.getLogger(TrendingScheduler.class);
        private final TrendingJob job;

        TrendingScheduler(TrendingJob job) {
            this.job = job;
        }

        @Scheduled(fixedDelayString = "${paperboy.catalog.trending.interval:PT5M}",
                initialDelayString = "${paperboy.catalog.trending.initial-delay:PT30S}")
        void run() {
            try {
                job.runIfLeader().ifPresentOrElse(
                        results -> log.debug("Trending run: {}", results),
                        () -> log.debug("Trending run skipped: another instance holds the lock"));
            } catch (RuntimeException e) {
                log.warn("Trending run failed; next try in one interval: {}", e.toString());
            }
        }
    }
}

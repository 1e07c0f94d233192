package dev.paperboy.ingest.huggingface;

import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.health.ConnectorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

@Configuration(proxyBeanMethods = false)
class HfConfig {

    private static final Logger log = LoggerFactory.getLogger(HfConfig.class);

    @Bean
    ConnectorStatus huggingFaceStatus(IngestProperties properties, Clock clock) {
        return new ConnectorStatus("huggingface", properties.huggingface().enabled(), clock);
    }

    /** The poll runs only when enabled, so that by default nothing external is contacted. */
    @Bean
    @ConditionalOnProperty(name = "paperboy.ingest.huggingface.enabled", havingValue = "true")
    ScheduledFuture<?> huggingFacePoll(TaskScheduler scheduler, HfConnector connector, IngestProperties properties) {
        log.info("polling Hugging Face {} every {}", properties.huggingface().baseUrl(),
                properties.huggingface().pollInterval());
        return scheduler.scheduleWithFixedDelay(connector::poll, Instant.now().plusSeconds(5),
                properties.huggingface().pollInterval());
    }
}

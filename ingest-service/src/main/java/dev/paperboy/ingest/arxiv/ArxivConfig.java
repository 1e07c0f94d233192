package dev.paperboy.ingest.arxiv;

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
class ArxivConfig {

    private static final Logger log = LoggerFactory.getLogger(ArxivConfig.class);

    @Bean
    ConnectorStatus arxivStatus(IngestProperties properties, Clock clock) {
        return new ConnectorStatus("arxiv", properties.arxiv().enabled(), clock);
    }

    /** The poll runs only when enabled, so that by default nothing external is contacted. */
    @Bean
    @ConditionalOnProperty(name = "paperboy.ingest.arxiv.enabled", havingValue = "true")
    ScheduledFuture<?> arxivPoll(TaskScheduler scheduler, ArxivConnector connector, IngestProperties properties) {
        log.info("polling arXiv {} for {} every {}", properties.arxiv().baseUrl(), properties.arxiv().categories(),
                properties.arxiv().pollInterval());
        return scheduler.scheduleWithFixedDelay(connector::poll, Instant.now().plusSeconds(5),
                properties.arxiv().pollInterval());
    }
}

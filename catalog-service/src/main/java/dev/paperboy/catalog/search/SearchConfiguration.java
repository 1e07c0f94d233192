package dev.paperboy.catalog.search;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import tools.jackson.databind.json.JsonMapper;

/** The search index, its MongoDB feeder, the searcher and the {@code searchIndex} health indicator. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
class SearchConfiguration {

    @Bean(destroyMethod = "close")
    SearchIndex searchIndex(SearchProperties properties) {
        return SearchIndex.open(properties.indexDir(), properties.refreshInterval());
    }

    @Bean
    MongoIndexFeeder searchIndexFeeder(MongoDatabaseFactory mongo, SearchIndex index, SearchProperties properties,
                                       MeterRegistry registry) {
        return new MongoIndexFeeder(mongo.getMongoDatabase().getCollection(properties.collection()), index,
                properties.commitInterval(), properties.pollWait(), registry);
    }

    /**
     * Started as soon as it is created, on its own thread: it then runs beside the rest of the context's start-up
     * (mostly one thread) instead of after it, and seldom holds up readiness.
     */
    @Bean
    SearchWarmUp searchWarmUp(SearchProperties properties, ObjectProvider<JsonMapper> json,
                              MongoDatabaseFactory mongo) {
        SearchWarmUp warmUp = new SearchWarmUp(properties.warmUpRounds(), properties.warmUpBudget(),
                json.getIfAvailable(), mongo.getMongoDatabase(ChangeStreamWarmUp.databaseName(
                        mongo.getMongoDatabase().getName())), properties.pollWait());
        warmUp.start();
        return warmUp;
    }

    /** Sends the search API's own requests once the web server listens (readiness waits for them). */
    @Bean
    SearchHttpWarmUp searchHttpWarmUp(ApplicationContext context) {
        return new SearchHttpWarmUp(context);
    }

    /** Starts the feeder with the context and stops it (committing) before the index closes. */
    @Bean
    SmartLifecycle searchIndexFeederLifecycle(MongoIndexFeeder feeder) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                feeder.start();
                running = true;
            }

            @Override
            public void stop() {
                feeder.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    @Bean
    PaperSearcher paperSearcher(SearchIndex index, SearchProperties properties) {
        return new PaperSearcher(index, properties.publicUrl());
    }

    /**
     * {@code searchIndex}: DOWN until the index is built or caught up with MongoDB and the search paths (and the
     * search API over HTTP) are warmed up (part of readiness).
     */
    @Bean
    HealthIndicator searchIndexHealthIndicator(MongoIndexFeeder feeder, SearchIndex index, SearchWarmUp warmUp,
                                               SearchHttpWarmUp httpWarmUp) {
        return () -> {
            Health.Builder health = feeder.ready() && warmUp.done() && httpWarmUp.done() ? Health.up()
                    : Health.down();
            SearchWarmUp.Result warmed = warmUp.result();
            health.withDetail("warmedUp", !warmUp.done() ? "running"
                    : warmed == null ? "failed" : warmed.rounds() + " rounds in " + warmed.took().toMillis() + " ms");
            health.withDetail("httpWarmUp", httpWarmUp.done() ? httpWarmUp.answered() + " requests" : "running");
            health.withDetail("documents", index.docCount())
                    .withDetail("rebuilds", feeder.rebuilds())
                    .withDetail("appliedChanges", feeder.appliedChanges());
            if (feeder.lastError() != null) {
                health.withDetail("lastError", feeder.lastError());
            }
            return health.build();
        };
    }
}

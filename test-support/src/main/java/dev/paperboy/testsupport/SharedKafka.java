package dev.paperboy.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real KRaft broker per test JVM, started on first use and stopped when the JVM exits. Starting a broker
 * costs seconds, so every test class of a module shares it; tests isolate themselves by topic names, consumer
 * groups and database names rather than by brokers.
 */
public final class SharedKafka {

    private static volatile EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {
    }

    /** The broker's bootstrap servers ({@code host:port}), starting the broker if needed. */
    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    public static synchronized EmbeddedKafkaKraftBroker broker() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 3);
            started.brokerProperty("group.initial.rebalance.delay.ms", "0");
            started.brokerProperty("auto.create.topics.enable", "true");
            started.brokerProperty("log.cleaner.enable", "true");
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "shared-kafka-shutdown"));
            broker = started;
        }
        return broker;
    }
}

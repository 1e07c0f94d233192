package dev.paperboy.system;

import dev.paperboy.testsupport.SharedMongo;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same vertical slice against the infrastructure of the operator stack: the official Kafka image (KRaft) and
 * MongoDB as a single-node replica set, in containers. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerizedVerticalSliceTest extends VerticalSliceContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(SharedMongo.MONGO_IMAGE).withReplicaSet();

    private static PaperboyStack stack;

    @Override
    synchronized PaperboyStack stack() {
        if (stack == null) {
            stack = PaperboyStack.start(KAFKA.getBootstrapServers(),
                    database -> SharedMongo.withDatabase(MONGO.getReplicaSetUrl(), database));
        }
        return stack;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }
}

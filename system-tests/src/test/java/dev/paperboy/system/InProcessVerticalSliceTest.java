package dev.paperboy.system;

import dev.paperboy.testsupport.SharedMongo;
import org.junit.jupiter.api.BeforeAll;

/**
 * The vertical slice over the infrastructure this machine has: the KRaft broker in the test JVM and the shared
 * Mongo-wire server (embedded by default, real MongoDB with {@code -Dpaperboy.test.mongo=testcontainers}).
 */
class InProcessVerticalSliceTest extends VerticalSliceContract {

    @BeforeAll
    static void requireMongo() {
        SharedMongo.assumeAvailable();
    }

    @Override
    PaperboyStack stack() {
        return PaperboyStack.inProcess();
    }
}

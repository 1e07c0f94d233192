package dev.paperboy.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import dev.paperboy.mongostandin.StandInMemoryBackend;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

import java.util.Locale;

/**
 * One Mongo-wire server per test JVM, chosen by the system property {@value #SWITCH}:
 * <ul>
 *   <li>{@code embedded} (default): mongo-java-server in memory, oplog enabled (change streams work);</li>
 *   <li>{@code testcontainers}: real MongoDB 8 as a single-node replica set in Docker.</li>
 * </ul>
 * The same test code runs on either. With {@code testcontainers} and no Docker engine the tests that ask for a
 * server are skipped, not failed (see {@link #assumeAvailable()}).
 */
public final class SharedMongo {

    public static final String SWITCH = "paperboy.test.mongo";
    public static final String MONGO_IMAGE = "mongo:8.0";

    private static volatile String connectionString;

    private SharedMongo() {
    }

    public static boolean useTestcontainers() {
        return "testcontainers".equals(System.getProperty(SWITCH, "embedded").toLowerCase(Locale.ROOT));
    }

    /** Whether the chosen server can run here: always for embedded, only with a Docker engine for real MongoDB. */
    public static boolean available() {
        return !useTestcontainers() || DockerClientFactory.instance().isDockerAvailable();
    }

    /** Skips the calling test (JUnit assumption) when the chosen server cannot run on this machine. */
    public static void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(),
                "-D" + SWITCH + "=testcontainers needs a Docker engine; none found");
    }

    /** A connection string for {@code database} on the shared server. */
    public static String uri(String database) {
        return withDatabase(connectionString(), database);
    }

    /** {@code connectionString} with its database path replaced by {@code database}, options kept. */
    public static String withDatabase(String connectionString, String database) {
        int query = connectionString.indexOf('?');
        String hostPart = query < 0 ? connectionString : connectionString.substring(0, query);
        String options = query < 0 ? "" : connectionString.substring(query);
        int slash = hostPart.indexOf('/', "mongodb://".length());
        if (slash > 0) {
            hostPart = hostPart.substring(0, slash);
        }
        return hostPart + "/" + database + options;
    }

    /** Whether the server is the embedded one (it lacks $text, transactions and the hello command). */
    public static boolean isEmbedded() {
        return !useTestcontainers();
    }

    private static synchronized String connectionString() {
        if (connectionString == null) {
            connectionString = useTestcontainers() ? startContainer() : startEmbedded();
        }
        return connectionString;
    }

    private static String startEmbedded() {
        MongoServer server = new MongoServer(new StandInMemoryBackend());
        server.enableOplog();
        String uri = server.bindAndGetConnectionString();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "shared-mongo-shutdown"));
        return uri;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static String startContainer() {
        MongoDBContainer container = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
        container.start();
        return container.getReplicaSetUrl();
    }
}

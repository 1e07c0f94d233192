package dev.paperboy.ingest.publish;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real single-node KRaft broker (broker + controller) of one test class, which clients reach only through a
 * {@link BrokerProxy}: the broker advertises the proxy's port, so every connection a producer opens after
 * bootstrapping goes through it as well. (The shared broker of the other tests advertises itself.)
 */
final class ProxiedBroker implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";

    private final BrokerProxy proxy = new BrokerProxy();
    private final Path dataDir;
    private final KafkaRaftServer server;

    private ProxiedBroker() throws Exception {
        dataDir = Files.createTempDirectory("proxied-broker");
        int port = freePort();
        int controllerPort = freePort();
        format();
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties(port, controllerPort), false), Time.SYSTEM);
        server.startup();
        proxy.forwardTo(port);
    }

    /** Started once per JVM run of a test class, stopped when the JVM exits. */
    static ProxiedBroker start() {
        try {
            ProxiedBroker broker = new ProxiedBroker();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "proxied-broker-shutdown"));
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("the proxied broker did not start", e);
        }
    }

    String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    BrokerProxy proxy() {
        return proxy;
    }

    private void format() throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setControllerListenerName(CONTROLLER)
                .setMetadataLogDirectory(dataDir.toString())
                .setDirectories(List.of(dataDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .run();
    }

    private Properties properties(int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + proxy.port());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        proxy.close();
        server.shutdown();
        server.awaitShutdown();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}

package dev.paperboy.ingest.publish;

import dev.paperboy.localstack.KafkaLauncher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A real single-node KRaft broker (the local stack's {@link KafkaLauncher}) of one test class, which clients reach
 * only through a {@link BrokerProxy}: the broker advertises the proxy's port, so every connection a producer opens
 * after bootstrapping goes through it as well. (The shared broker of the other tests advertises itself.)
 */
final class ProxiedBroker implements AutoCloseable {

    private final BrokerProxy proxy = new BrokerProxy();
    private final Path dataDir;
    private final KafkaLauncher kafka;

    private ProxiedBroker() throws Exception {
        dataDir = Files.createTempDirectory("proxied-broker");
        int port = freePort();
        proxy.forwardTo(port);
        kafka = new KafkaLauncher(dataDir, port, freePort()).advertising(proxy.port()).start();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        proxy.close();
        kafka.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}

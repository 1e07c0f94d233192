package dev.paperboy.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    Path dir;

    @Test
    void aMissingJarSaysHowToBuildIt() {
        ServiceProcess service = new ServiceProcess("catalog-service", dir.resolve("missing-exec.jar"), 1,
                Map.of(), dir.resolve("logs/catalog-service.log"), List.of());
        assertThatThrownBy(service::start).isInstanceOf(StackException.class)
                .hasMessageContaining("missing-exec.jar")
                .hasMessageContaining("./mvnw -B -q install -DskipTests");
    }

    @Test
    @Timeout(60)
    void aProcessThatDiesEarlyPointsAtItsLog() throws Exception {
        Path jar = Files.writeString(dir.resolve("broken-exec.jar"), "not a jar");
        Path log = dir.resolve("logs/broken.log");
        ServiceProcess service = new ServiceProcess("broken", jar, FreePorts.next(), Map.of("X", "1"), log, List.of());
        service.start();
        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(30))).isInstanceOf(StackException.class)
                .hasMessageContaining("broken exited with code")
                .hasMessageContaining(log.toString());
        assertThat(Files.readString(log)).isNotBlank();
        service.close();
    }

    @Test
    @Timeout(30)
    void waitsUntilTheReadinessProbeAnswersUp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        long readyAt = System.currentTimeMillis() + 1_500;
        server.createContext("/actuator/health/readiness", exchange -> {
            boolean up = System.currentTimeMillis() >= readyAt;
            byte[] body = ("{\"status\":\"" + (up ? "UP" : "OUT_OF_SERVICE") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ServiceProcess service = new ServiceProcess("fake", dir.resolve("unused.jar"),
                    server.getAddress().getPort(), Map.of(), dir.resolve("fake.log"), List.of());
            service.awaitReady(Duration.ofSeconds(20));
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(readyAt);
            assertThatThrownBy(() -> new ServiceProcess("slow", dir.resolve("unused.jar"), FreePorts.next(), Map.of(),
                    dir.resolve("slow.log"), List.of()).awaitReady(Duration.ofSeconds(2)))
                    .isInstanceOf(StackException.class).hasMessageContaining("slow was not ready")
                    .hasMessageContaining("slow.log");
        } finally {
            server.stop(0);
        }
    }

    @Test
    @Timeout(60)
    void killEndsTheProcessAtOnce() throws Exception {
        ServiceProcess service = new ServiceProcess("sleeper", jarRunning(SleepingMain.class), FreePorts.next(),
                Map.of(), dir.resolve("sleeper.log"), List.of());
        service.start();
        long pid = service.pid();
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        service.kill();
        assertThat(service.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    /** A jar holding only a manifest: its main class comes from this module's test classes. */
    private Path jarRunning(Class<?> main) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        Path jar = dir.resolve(main.getSimpleName() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            return jar;
        }
    }

    /** Stands in for a service that never stops by itself. */
    static final class SleepingMain {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(5));
        }
    }
}

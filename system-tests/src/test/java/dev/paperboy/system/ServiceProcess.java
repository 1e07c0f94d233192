package dev.paperboy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One service running as its own JVM from its runnable jar, configured only by environment variables — exactly
 * as an operator runs it (the local stack's {@link dev.paperboy.localstack.ServiceProcess}). The jar comes from the
 * system property {@code paperboy.jar.<name>}; output goes to {@code target/service-logs/<logName>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    /** A 512 MB heap is the budget each service is held to; C1 only: the tests' JVMs start faster. */
    private static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

    private final dev.paperboy.localstack.ServiceProcess process;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;

    private ServiceProcess(dev.paperboy.localstack.ServiceProcess process, Map<String, String> environment,
                           List<String> jvmOptions) {
        this.process = process;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    static ServiceProcess start(String name, int port, Map<String, String> environment) {
        return start(name, port, environment, name);
    }

    /** Starts {@code name} with its output in {@code target/service-logs/<logName>.log}. */
    static ServiceProcess start(String name, int port, Map<String, String> environment, String logName) {
        return start(name, port, environment, logName, TEST_JVM_OPTIONS);
    }

    /** Starts {@code name} with the given JVM options. */
    static ServiceProcess start(String name, int port, Map<String, String> environment, String logName,
                                List<String> jvmOptions) {
        String jar = System.getProperty("paperboy.jar." + name);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("runnable jar of " + name + " not found at " + jar
                    + " (build it with ./mvnw -B -pl " + name + " -am package -DskipTests)");
        }
        Path log = Path.of(System.getProperty("paperboy.logs", "target/service-logs")).resolve(logName + ".log");
        Map<String, String> withPort = new HashMap<>(environment);
        withPort.put("SERVER_PORT", Integer.toString(port));
        var process = new dev.paperboy.localstack.ServiceProcess(name, Path.of(jar), port, withPort, log, jvmOptions);
        try {
            process.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        return new ServiceProcess(process, environment, jvmOptions);
    }

    /** Waits until the readiness probe answers UP; fails with the log's tail otherwise. */
    ServiceProcess awaitReady(Duration timeout) {
        try {
            process.awaitReady(timeout);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url(String pathAndQuery) {
        return URI.create("http://localhost:" + port() + pathAndQuery);
    }

    int port() {
        return process.port();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return process.name();
    }

    String logText() {
        try {
            return Files.readString(process.logFile());
        } catch (IOException e) {
            return "";
        }
    }

    /** kill -9, and waits until the process is gone. */
    void kill() {
        try {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new process of the same service, port, environment and JVM options, logging to {@code logName}. */
    ServiceProcess restart(String logName) {
        close();
        return start(name(), port(), environment, logName, jvmOptions);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

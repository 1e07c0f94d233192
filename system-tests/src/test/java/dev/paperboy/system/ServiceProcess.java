package dev.paperboy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own JVM from its runnable jar, configured only by environment variables — exactly
 * as an operator runs it. Output goes to {@code target/service-logs/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Map<String, String> environment;

    private ServiceProcess(String name, int port, Process process, Path log, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.environment = Map.copyOf(environment);
    }

    static ServiceProcess start(String name, int port, Map<String, String> environment) {
        return start(name, port, environment, name);
    }

    /** Starts {@code name} with its output in {@code target/service-logs/<logName>.log}. */
    static ServiceProcess start(String name, int port, Map<String, String> environment, String logName) {
        // a 512 MB heap is the budget each service is held to; C1 only: the tests' JVMs start faster
        return start(name, port, environment, logName, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"));
    }

    /** Starts {@code name} with the given JVM options. */
    static ServiceProcess start(String name, int port, Map<String, String> environment, String logName,
                                List<String> jvmOptions) {
        String jar = System.getProperty("paperboy.jar." + name);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("runnable jar of " + name + " not found at " + jar
                    + " (build it with ./mvnw -B -pl " + name + " -am package -DskipTests)");
        }
        Path logs = Path.of(System.getProperty("paperboy.logs", "target/service-logs"));
        Path log = logs.resolve(logName + ".log");
        try {
            Files.createDirectories(logs);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            return new ServiceProcess(name, port, builder.start(), log, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until the readiness probe answers UP; fails with the log's tail otherwise. */
    ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "\n" + logTail());
    }

    URI url(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** kill -9: the JVM gets no chance to commit offsets, flush or run shutdown hooks. Waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new process of the same service, port and environment (after a stop or kill), logging to {@code logName}. */
    ServiceProcess restart(String logName) {
        if (process.isAlive()) {
            close();
        }
        return start(name, port, environment, logName);
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
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

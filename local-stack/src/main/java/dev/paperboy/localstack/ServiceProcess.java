package dev.paperboy.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service as its own JVM ({@code java -jar <module>-exec.jar}), configured only through environment
 * variables, with stdout and stderr in a log file, and a wait for its readiness probe.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path logFile;
    private final List<String> jvmArgs;
    private Process process;

    public ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path logFile, List<String> jvmArgs) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.logFile = logFile;
        this.jvmArgs = jvmArgs;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new StackException("Missing " + jar + " - build it with: ./mvnw -B -q install -DskipTests"
                    + " (or only this service: ./mvnw -B -pl " + name + " package -DskipTests after installing"
                    + " contracts)");
        }
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** Polls {@code /actuator/health/readiness} until UP; fails early if the process exits. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer";
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new StackException(name + " exited with code " + process.exitValue() + " before it was ready."
                        + " See " + logFile + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.toString();
            }
            Thread.sleep(500);
        }
        throw new StackException(name + " was not ready on " + uri + " within " + timeout.toSeconds() + " s (last: "
                + abbreviate(lastAnswer) + "). See " + logFile + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 25), lines.size());
            return "\n---- last lines of " + logFile.getFileName() + " ----\n" + String.join("\n", last);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's id of the running process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return process.pid();
    }

    /** kill -9: the JVM gets no chance to commit offsets, flush or run shutdown hooks. Waits until it is gone. */
    public void kill() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null && !p.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
            throw new StackException(name + " did not die after SIGKILL");
        }
    }

    /** Asks the process to stop (SIGTERM: Spring's graceful shutdown), then kills it after the timeout. */
    public void stop(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}

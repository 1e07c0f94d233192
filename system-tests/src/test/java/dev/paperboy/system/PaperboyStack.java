package dev.paperboy.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.paperboy.testsupport.SharedKafka;
import dev.paperboy.testsupport.SharedMongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The three services, each its own JVM from its runnable jar, plus a GreenMail SMTP server, against a given Kafka
 * and MongoDB. {@link #inProcess()} is the one stack per test JVM over the shared in-process infrastructure, so the
 * system test classes pay the services' start-up once.
 */
final class PaperboyStack implements AutoCloseable {

    static final String API_KEY = "system-test-key";

    private static PaperboyStack inProcess;

    final GreenMail mail;
    final TraceCollector traces;
    final ServiceProcess ingest;
    final ServiceProcess catalog;
    final ServiceProcess notify;

    private PaperboyStack(String kafka, UnaryOperator<String> mongoUriForDatabase, Path indexDir) {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        traces = new TraceCollector();
        int catalogPort = ServiceProcess.freePort();
        int notifyPort = ServiceProcess.freePort();
        ingest = ServiceProcess.start("ingest-service", ServiceProcess.freePort(),
                environment("ingest-service", kafka, mongoUriForDatabase, 0, mail.getSmtp().getPort(), indexDir,
                        traces.endpoint()));
        catalog = ServiceProcess.start("catalog-service", catalogPort,
                environment("catalog-service", kafka, mongoUriForDatabase, catalogPort, 0, indexDir,
                        traces.endpoint()));
        notify = ServiceProcess.start("notify-service", notifyPort,
                environment("notify-service", kafka, mongoUriForDatabase, notifyPort, mail.getSmtp().getPort(),
                        indexDir, traces.endpoint()));
        // The three JVMs start in parallel; on two cores this is the slowest part of the suite.
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> ingest.awaitReady(Duration.ofMinutes(3))),
                CompletableFuture.runAsync(() -> catalog.awaitReady(Duration.ofMinutes(3))),
                CompletableFuture.runAsync(() -> notify.awaitReady(Duration.ofMinutes(3)))).join();
    }

    static PaperboyStack start(String kafka, UnaryOperator<String> mongoUriForDatabase) {
        try {
            return new PaperboyStack(kafka, mongoUriForDatabase, Files.createTempDirectory("paperboy-index"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack over the shared in-process broker and Mongo-wire server, started once per JVM. */
    static synchronized PaperboyStack inProcess() {
        if (inProcess == null) {
            inProcess = start(SharedKafka.bootstrapServers(), SharedMongo::uri);
            Runtime.getRuntime().addShutdownHook(new Thread(inProcess::close, "paperboy-stack-shutdown"));
        }
        return inProcess;
    }

    /**
     * Everything a service is configured with: environment variables only, as an operator would; spans go to
     * {@code otlpEndpoint} when it is not null.
     */
    static Map<String, String> environment(String service, String kafka, UnaryOperator<String> mongoUriForDatabase,
                                           int port, int smtpPort, Path indexDir, String otlpEndpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
        if (otlpEndpoint != null) {
            env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", otlpEndpoint);
            env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "200ms");
        }
        switch (service) {
            case "ingest-service" -> {
                env.put("SPRING_MONGODB_URI", mongoUriForDatabase.apply("e2e-ingest"));
                env.put("PAPERBOY_INGEST_API_KEY", API_KEY);
            }
            case "catalog-service" -> {
                env.put("SPRING_MONGODB_URI", mongoUriForDatabase.apply("e2e-catalog"));
                env.put("PAPERBOY_CATALOG_API_KEY", API_KEY);
                env.put("PAPERBOY_CATALOG_PUBLIC_URL", "http://localhost:" + port);
                env.put("PAPERBOY_CATALOG_SEARCH_INDEX_DIR", indexDir.toString());
            }
            case "notify-service" -> {
                env.put("SPRING_MONGODB_URI", mongoUriForDatabase.apply("e2e-notify"));
                env.put("SPRING_MAIL_HOST", "localhost");
                env.put("SPRING_MAIL_PORT", Integer.toString(smtpPort));
                env.put("PAPERBOY_NOTIFY_PUBLIC_URL", "http://localhost:" + port);
                env.put("PAPERBOY_NOTIFY_TOKEN_SECRET", "system-test-secret-with-enough-entropy");
            }
            default -> throw new IllegalArgumentException(service);
        }
        return env;
    }

    @Override
    public void close() {
        for (ServiceProcess service : new ServiceProcess[]{notify, catalog, ingest}) {
            service.close();
        }
        mail.stop();
        traces.close();
    }
}

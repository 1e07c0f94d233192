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
    final ServiceProcess ingest;
    final ServiceProcess catalog;
    final ServiceProcess notify;

    private PaperboyStack(String kafka, UnaryOperator<String> mongoUriForDatabase, Path indexDir) {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        int catalogPort = ServiceProcess.freePort();
        int notifyPort = ServiceProcess.freePort();
        ingest = ServiceProcess.start("ingest-service", ServiceProcess.freePort(),
                env(kafka, mongoUriForDatabase.apply("e2e-ingest"), Map.of("PAPERBOY_INGEST_API_KEY", API_KEY)));
        catalog = ServiceProcess.start("catalog-service", catalogPort,
                env(kafka, mongoUriForDatabase.apply("e2e-catalog"), Map.of(
                        "PAPERBOY_CATALOG_API_KEY", API_KEY,
                        "PAPERBOY_CATALOG_PUBLIC_URL", "http://localhost:" + catalogPort,
                        "PAPERBOY_CATALOG_SEARCH_INDEX_DIR", indexDir.toString())));
        notify = ServiceProcess.start("notify-service", notifyPort,
                env(kafka, mongoUriForDatabase.apply("e2e-notify"), Map.of(
                        "SPRING_MAIL_HOST", "localhost",
                        "SPRING_MAIL_PORT", Integer.toString(mail.getSmtp().getPort()),
                        "PAPERBOY_NOTIFY_PUBLIC_URL", "http://localhost:" + notifyPort,
                        "PAPERBOY_NOTIFY_TOKEN_SECRET", "system-test-secret-with-enough-entropy")));
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

    private static Map<String, String> env(String kafka, String mongoUri, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("SPRING_MONGODB_URI", mongoUri);
        return env;
    }

    @Override
    public void close() {
        for (ServiceProcess service : new ServiceProcess[]{notify, catalog, ingest}) {
            service.close();
        }
        mail.stop();
    }
}

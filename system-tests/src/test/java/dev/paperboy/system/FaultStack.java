package dev.paperboy.system;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import dev.paperboy.mongostandin.StandInMemoryBackend;
import dev.paperboy.localstack.KafkaLauncher;
import dev.paperboy.localstack.MailLauncher;
import dev.paperboy.localstack.MongoLauncher;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Infrastructure a fault test may break: its own KRaft broker and Mongo-wire server on fixed (free) ports with their
 * data on disk, so each can be stopped and started again on the same port and data, and GreenMail on a fixed port.
 * Only the services a test class needs are started, each as its own JVM. Unlike {@link PaperboyStack} (the shared,
 * never-restarted infrastructure), one FaultStack belongs to one test class.
 *
 * <p>Ingest keeps its state in a separate in-memory Mongo-wire server that no test breaks, so ingest can go on
 * accepting papers while the catalog's MongoDB is down.
 */
final class FaultStack implements AutoCloseable {

    static final String API_KEY = PaperboyStack.API_KEY;

    private final String label;
    private final Path dir;
    final KafkaLauncher kafka;
    final MongoLauncher mongo;
    private final MongoServer ingestMongo;
    private final String ingestMongoUri;
    private final int smtpPort = ServiceProcess.freePort();
    private final int imapPort = ServiceProcess.freePort();
    private MailLauncher mail;
    /** Mail received by the GreenMail instances stopped before (a restart starts with an empty server). */
    private final List<MimeMessage> earlierMail = new ArrayList<>();
    private final Map<String, Integer> starts = new HashMap<>();

    ServiceProcess ingest;
    ServiceProcess catalog;
    ServiceProcess notify;

    private FaultStack(String label, boolean withMail) throws Exception {
        this.label = label;
        dir = Files.createTempDirectory("paperboy-fault-" + label);
        kafka = new KafkaLauncher(dir.resolve("kafka"), ServiceProcess.freePort(), ServiceProcess.freePort()).start();
        kafka.createTopics(KafkaLauncher.TOPICS);
        mongo = new MongoLauncher(dir.resolve("mongo").resolve("paperboy.mv"), "localhost", ServiceProcess.freePort())
                .start();
        ingestMongo = new MongoServer(new StandInMemoryBackend());
        int ingestMongoPort = ServiceProcess.freePort();
        ingestMongo.bind("localhost", ingestMongoPort);
        ingestMongoUri = "mongodb://localhost:" + ingestMongoPort;
        if (withMail) {
            startMail();
        }
    }

    /** Starts the infrastructure and the named services ({@code ingest}, {@code catalog}, {@code notify}). */
    static FaultStack start(String label, String... services) {
        List<String> wanted = List.of(services);
        FaultStack stack;
        try {
            stack = new FaultStack(label, wanted.contains("notify"));
        } catch (Exception e) {
            throw new IllegalStateException("fault infrastructure did not start", e);
        }
        try {
            if (wanted.contains("ingest")) {
                stack.ingest = stack.launch("ingest-service", ServiceProcess.freePort(), Map.of(
                        "SPRING_MONGODB_URI", stack.ingestMongoUri + "/ingest",
                        "PAPERBOY_INGEST_API_KEY", API_KEY));
            }
            if (wanted.contains("catalog")) {
                int port = ServiceProcess.freePort();
                stack.catalog = stack.launch("catalog-service", port, Map.of(
                        "SPRING_MONGODB_URI", stack.mongo.connectionString() + "/catalog",
                        "PAPERBOY_CATALOG_API_KEY", API_KEY,
                        "PAPERBOY_CATALOG_PUBLIC_URL", "http://localhost:" + port,
                        "PAPERBOY_CATALOG_SEARCH_INDEX_DIR", stack.dir.resolve("catalog-index").toString(),
                        // trending runs only when a test asks for it (POST /api/admin/trending/run)
                        "PAPERBOY_CATALOG_TRENDING_INITIAL_DELAY", "PT1H"));
            }
            if (wanted.contains("notify")) {
                int port = ServiceProcess.freePort();
                stack.notify = stack.launch("notify-service", port, Map.of(
                        "SPRING_MONGODB_URI", stack.mongo.connectionString() + "/notify",
                        "SPRING_MAIL_HOST", "localhost",
                        "SPRING_MAIL_PORT", Integer.toString(stack.smtpPort),
                        "PAPERBOY_NOTIFY_PUBLIC_URL", "http://localhost:" + port,
                        "PAPERBOY_NOTIFY_TOKEN_SECRET", "fault-test-secret-with-enough-entropy-0123456789",
                        // a postponed digest is tried again after seconds, not the production minute
                        "PAPERBOY_NOTIFY_RETRY_AFTER", "PT3S",
                        "PAPERBOY_NOTIFY_RECOVERY_INTERVAL", "PT2S"));
            }
            awaitReady(Stream.of(stack.ingest, stack.catalog, stack.notify).filter(s -> s != null).toList());
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private ServiceProcess launch(String name, int port, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
        return ServiceProcess.start(name, port, env, logName(name));
    }

    private String logName(String service) {
        int n = starts.merge(service, 1, Integer::sum);
        return "fault-" + label + "-" + service + (n == 1 ? "" : "-" + n);
    }

    private static void awaitReady(List<ServiceProcess> services) {
        CompletableFuture.allOf(services.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofMinutes(3))))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** kill -9 of the catalog. */
    void killCatalog() {
        catalog.kill();
    }

    /** A new catalog process on the same port, MongoDB database and index directory; waits until it is ready. */
    void restartCatalog() {
        catalog = catalog.restart(logName("catalog-service")).awaitReady(Duration.ofMinutes(3));
    }

    /** A clean broker shutdown. */
    void stopKafka() {
        kafka.close();
    }

    /** The broker again, on the same ports and log directory. */
    void startKafka() {
        try {
            kafka.start();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not restart", e);
        }
    }

    void stopMongo() {
        mongo.close();
    }

    /** The Mongo-wire server again, on the same port and H2 file. */
    void startMongo() {
        try {
            mongo.start();
        } catch (Exception e) {
            throw new IllegalStateException("MongoDB did not restart", e);
        }
    }

    synchronized void startMail() {
        mail = new MailLauncher(smtpPort, imapPort).start();
    }

    /** Stops GreenMail, keeping what it received for {@link #mail()}. */
    synchronized void stopMail() {
        earlierMail.addAll(mail.messages());
        mail.close();
        mail = null;
    }

    /** Every message received by this stack's SMTP server, across its restarts, oldest first. */
    synchronized List<MimeMessage> mail() {
        List<MimeMessage> all = new ArrayList<>(earlierMail);
        if (mail != null) {
            all.addAll(mail.messages());
        }
        return all;
    }

    /** A client of the catalog's / notify's MongoDB that notices an outage and the return quickly. */
    MongoClient mongoClient() {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS))
                .applyToServerSettings(s -> s.heartbeatFrequency(500, TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(100, TimeUnit.MILLISECONDS))
                .build());
    }

    @Override
    public void close() {
        for (ServiceProcess service : new ServiceProcess[]{notify, catalog, ingest}) {
            if (service != null) {
                service.close();
            }
        }
        if (mail != null) {
            mail.close();
        }
        kafka.close();
        mongo.close();
        ingestMongo.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

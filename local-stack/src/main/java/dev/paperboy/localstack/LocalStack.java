package dev.paperboy.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.paperboy.contracts.Topics;

/**
 * The one-command local stack: Kafka on 9092, the Mongo-wire server on 27017, GreenMail (SMTP 3025, IMAP 3143)
 * with an inbox page on 8025, then the three services as their own JVMs, then the sample papers.
 *
 * <p>Flags: {@code --no-services} (infrastructure only), {@code --no-sample}, {@code --root <dir>} (the repository
 * root; default: the working directory).
 */
public final class LocalStack {

    static final String API_KEY = "local-dev-key";
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int MONGO_PORT = 27017;
    static final int SMTP_PORT = 3025;
    static final int IMAP_PORT = 3143;
    static final int INBOX_PORT = 8025;

    private final PrintStream out = System.out;
    private final Path root;
    private final Path data;
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaLauncher kafka;
    private MongoLauncher mongo;
    private MailLauncher mail;
    private InboxPage inbox;
    private volatile boolean stopping;

    LocalStack(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.data = this.root.resolve(".local-stack");
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = new ArrayList<>(Arrays.asList(args));
        boolean noServices = flags.remove("--no-services");
        boolean noSample = flags.remove("--no-sample");
        Path root = Path.of("");
        int rootFlag = flags.indexOf("--root");
        if (rootFlag >= 0 && rootFlag + 1 < flags.size()) {
            root = Path.of(flags.get(rootFlag + 1));
            flags.subList(rootFlag, rootFlag + 2).clear();
        }
        if (!flags.isEmpty()) {
            System.err.println("Unknown arguments: " + flags
                    + "\nUsage: ./run-local [--no-services] [--no-sample] [--skip-build]");
            System.exit(2);
        }
        LocalStack stack = new LocalStack(root);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            stack.start(!noServices, !noServices && !noSample);
        } catch (StackException e) {
            if (stack.stopping) {
                return;
            }
            System.err.println("\nLOCAL STACK FAILED: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    void start(boolean withServices, boolean withSample) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(data);
        checkPortsFree(KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT, SMTP_PORT, IMAP_PORT, INBOX_PORT);
        if (withServices) {
            checkPortsFree(8081, 8082, 8083);
        }

        kafka = new KafkaLauncher(data.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
        boolean reuse = kafka.isFormatted();
        kafka.start();
        List<String> created = kafka.createTopics(KafkaLauncher.TOPICS);
        step(t0, "Kafka on " + kafka.bootstrapServers() + (reuse ? " (existing data)" : " (formatted)")
                + (created.isEmpty() ? "" : ", created topics " + created));

        mongo = new MongoLauncher(data.resolve("mongo").resolve("paperboy.mv"), "localhost", MONGO_PORT).start();
        step(t0, "MongoDB (mongo-java-server, H2 file " + root.relativize(mongo.file()) + ", oplog) on "
                + mongo.connectionString());

        mail = new MailLauncher(SMTP_PORT, IMAP_PORT).start();
        inbox = new InboxPage(mail::messages, INBOX_PORT).start();
        step(t0, "GreenMail SMTP localhost:" + SMTP_PORT + ", IMAP localhost:" + IMAP_PORT + " (user "
                + MailLauncher.USER + "/" + MailLauncher.PASSWORD + "), inbox " + inbox.url());

        if (!withServices) {
            printInfrastructureOnly();
            return;
        }
        Duration readyTimeout = Duration.ofSeconds(Long.parseLong(
                System.getenv().getOrDefault("LOCAL_STACK_READY_TIMEOUT_SECONDS", "240")));
        List<ServiceProcess> planned = List.of(
                service("ingest-service", 8081, "ingest", Map.of(
                "PAPERBOY_INGEST_API_KEY", API_KEY)),
                service("catalog-service", 8082, "catalog", Map.of(
                "PAPERBOY_CATALOG_API_KEY", API_KEY,
                "PAPERBOY_CATALOG_SEARCH_INDEX_DIR", data.resolve("catalog-index").toString(),
                "PAPERBOY_CATALOG_PUBLIC_URL", "http://localhost:8082")),
                service("notify-service", 8083, "notify", Map.of(
                "SPRING_MAIL_HOST", "localhost",
                "SPRING_MAIL_PORT", String.valueOf(SMTP_PORT),
                "PAPERBOY_NOTIFY_TOKEN_SECRET", "local-dev-token-secret-change-me-0123456789",
                "PAPERBOY_NOTIFY_PUBLIC_URL", "http://localhost:8083")));
        for (ServiceProcess s : planned) {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                services.add(s);
                s.start();
            }
            out.println("  started " + s.name() + " (log " + root.relativize(s.logFile()) + ")");
        }
        for (ServiceProcess s : planned) {
            s.awaitReady(readyTimeout);
            step(t0, s.name() + " ready on http://localhost:" + s.port());
        }

        if (withSample) {
            loadSample(t0);
        }
        printUrls();
        step(t0, "Local stack up. Ctrl-C stops everything.");
    }

    private ServiceProcess service(String name, int port, String database, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPRING_MONGODB_URI", mongo.connectionString() + "/" + database);
        env.put("SPRING_MAIL_HOST", "localhost");
        env.put("SPRING_MAIL_PORT", String.valueOf(SMTP_PORT));
        env.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
        env.putAll(extra);
        Path jar = root.resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT-exec.jar");
        String opts = System.getenv().getOrDefault("LOCAL_STACK_SERVICE_JAVA_OPTS",
                "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        List<String> jvmArgs = opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
        return new ServiceProcess(name, jar, port, env, data.resolve("logs").resolve(name + ".log"), jvmArgs);
    }

    private void loadSample(long t0) {
        Path samples = root.resolve("samples");
        SampleLoader loader = new SampleLoader("http://localhost:8081", "http://localhost:8082", API_KEY, out);
        try {
            out.println("Loading samples/seed-papers.jsonl and samples/hf-daily-papers.sample.json (the same papers "
                    + "as Hugging Face's daily-papers API gives them, with their Daily Papers day) through ingest-service ...");
            long papers = loader.importFile(samples.resolve("seed-papers.jsonl"), "jsonl", Duration.ofSeconds(120));
            loader.importFile(samples.resolve("hf-daily-papers.sample.json"), "hf", Duration.ofSeconds(120));
            new CatalogLag(kafka).await("catalog", Topics.PAPERS, Duration.ofSeconds(60), out);
            loader.awaitListed(papers, Duration.ofSeconds(30));
            loader.runTrending();
            step(t0, "sample papers loaded");
        } catch (Exception e) {
            out.println("WARNING: loading the sample papers failed: " + e.getMessage()
                    + "\n  (the stack keeps running; see .local-stack/logs/*.log)");
        }
    }

    private void printUrls() {
        out.println("""

                Try (admin key: %1$s):
                  Listing        curl -s 'http://localhost:8082/api/papers?limit=5'
                  Search         curl -s 'http://localhost:8082/api/papers/search?q=model%%20merging&limit=5'
                  Trending       curl -s 'http://localhost:8082/api/trending?window=week'
                  Atom feeds     http://localhost:8082/feeds/papers?sort=recent  http://localhost:8082/feeds/search?q=reinforcement%%20learning
                  Swagger UIs    http://localhost:8081/swagger-ui.html  http://localhost:8082/swagger-ui.html  http://localhost:8083/swagger-ui.html
                  Metrics        http://localhost:8081/actuator/prometheus (8082, 8083 alike)
                  Inbox          http://localhost:8025/   (IMAP localhost:3143, user %2$s / %3$s)
                  Subscribe      curl -s -X POST http://localhost:8083/api/subscriptions -H 'Content-Type: application/json' \\
                                   -d '{"email":"me@example.org","keywords":["reinforcement learning"],"frequency":"instant","timeZone":"Europe/Berlin","sendHour":8,"maxPapers":10}'
                                 then open the confirmation email at http://localhost:8025/ and click its link.
                  Trending now   curl -s -X POST http://localhost:8082/api/admin/trending/run -H 'X-API-Key: %1$s'
                  Import a file  curl -s -i -X POST 'http://localhost:8081/api/imports?format=jsonl' -H 'X-API-Key: %1$s' \\
                                   -H 'Content-Type: application/x-ndjson' --data-binary @samples/seed-papers.jsonl
                  Logs           .local-stack/logs/<service>.log
                """.formatted(API_KEY, MailLauncher.USER, MailLauncher.PASSWORD));
    }

    private void printInfrastructureOnly() {
        out.println("""

                Infrastructure only (--no-services). Run the services from your IDE with:
                  SPRING_KAFKA_BOOTSTRAP_SERVERS=localhost:%d
                  SPRING_MONGODB_URI=mongodb://localhost:%d/<ingest|catalog|notify>
                  SPRING_MAIL_HOST=localhost SPRING_MAIL_PORT=%d
                  MANAGEMENT_HEALTH_MONGODB_ENABLED=false
                  PAPERBOY_INGEST_API_KEY=%s PAPERBOY_CATALOG_API_KEY=%s
                  PAPERBOY_CATALOG_SEARCH_INDEX_DIR=.local-stack/catalog-index
                  PAPERBOY_CATALOG_PUBLIC_URL=http://localhost:8082 PAPERBOY_NOTIFY_PUBLIC_URL=http://localhost:8083
                  PAPERBOY_NOTIFY_TOKEN_SECRET=local-dev-token-secret-change-me-0123456789
                Inbox: http://localhost:%d/   Ctrl-C stops everything.
                """.formatted(KAFKA_PORT, MONGO_PORT, SMTP_PORT, API_KEY, API_KEY, INBOX_PORT));
    }

    /** Stops the services, then Kafka, then MongoDB (flushing H2), then mail. Safe to call twice. */
    synchronized void stop() {
        stopping = true;
        if (services.isEmpty() && kafka == null && mongo == null && mail == null) {
            return;
        }
        out.println("\nStopping the local stack ...");
        CompletableFuture.allOf(services.stream()
                .map(s -> CompletableFuture.runAsync(() -> quietly(s.name(), () -> s.stop(Duration.ofSeconds(20)))))
                .toArray(CompletableFuture[]::new)).join();
        services.clear();
        // later steps of start() see 'stopping' and return
        if (kafka != null) {
            quietly("kafka", kafka::close);
            kafka = null;
        }
        if (mongo != null) {
            quietly("mongo", mongo::close);
            mongo = null;
        }
        if (inbox != null) {
            quietly("inbox", inbox::close);
            inbox = null;
        }
        if (mail != null) {
            quietly("greenmail", mail::close);
            mail = null;
        }
        out.println("Stopped.");
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.err.println("  stopping " + what + ": " + e);
        }
    }

    private void step(long t0, String message) {
        out.printf("[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, message);
    }

    private static void checkPortsFree(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new StackException("Port " + port + " is already in use. Is another local stack (or a Kafka,"
                        + " MongoDB, mail server or service) running? Stop it first.");
            }
        }
    }
}

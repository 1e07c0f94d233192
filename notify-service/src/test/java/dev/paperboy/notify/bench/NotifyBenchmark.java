package dev.paperboy.notify.bench;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.contracts.TrendingWindow;
import dev.paperboy.notify.NotifyApplication;
import dev.paperboy.notify.digests.DigestPlanner;
import dev.paperboy.notify.matching.MatchIndex;
import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Preferences;
import dev.paperboy.notify.subscriptions.Subscription;
import dev.paperboy.notify.subscriptions.SubscriptionState;
import dev.paperboy.notify.subscriptions.SubscriptionStore;
import dev.paperboy.testsupport.SharedKafka;
import dev.paperboy.testsupport.SharedMongo;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark harness (not a test): N confirmed daily subscriptions with varied filters, a trending snapshot of P
 * papers, then one daily run into a local SMTP sink. Prints matching time alone, the whole run, and the run's
 * emails/s next to the sink's own accept rate measured with a plain Jakarta Mail sender (8 threads reusing their
 * connections) in the same process: once cold (reported only), then again until it is warm (JIT compiled), just
 * before the run, and once just after the run (the ratio uses the mean of the two warm ones), and the process CPU
 * time per email of both (the figure a loaded machine disturbs least), and the MongoDB commands the run sent per
 * digest ({@link MongoCommandCounts}: a figure the load does not disturb at all).
 * <p>
 * Needs Postfix's {@code smtp-sink} ({@code apt-get install -y --no-install-recommends postfix}); the harness starts
 * {@code /usr/sbin/smtp-sink -u nobody 127.0.0.1:PORT 1000} itself unless something already listens on PORT.
 * Arguments (all optional): {@code subscriptions=100000 papers=1000 port=2525 baseline=5000 threads=8 due=-1
 * warmup=20000} ({@code due}: how many of the subscriptions are due in the run; all by default; {@code warmup}: the
 * subscribers of a first, unmeasured daily run that warms the JIT as the baseline is warmed, 0 for none; by default
 * an embedded Mongo-wire server configured as the local stack's: oplog on, notify's database left out of it, since
 * nothing watches it; {@code oplog=1}: the shared test server, every database's writes in its oplog, as before).
 * Run: {@code ./mvnw -B -pl notify-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.paperboy.notify.bench.NotifyBenchmark}; {@code bench/run-all} runs it with {@code -Xmx10g
 * subscriptions=100000 due=100000 baseline=3000} (the in-memory Mongo-wire server and its oplog share the heap).
 * Profile with {@code -XX:StartFlightRecording=filename=notify.jfr -XX:FlightRecorderOptions:stackdepth=256} and
 * {@code jfr print --stack-depth 256 --events jdk.ExecutionSample notify.jfr}.
 */
public final class NotifyBenchmark {

    private static final Random RANDOM = new Random(42);

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new java.util.HashMap<>(Map.of("subscriptions", 100_000, "papers", 1000,
                "port", 2525, "baseline", 5000, "threads", 8, "due", -1, "oplog", 0, "warmup", 20_000));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], Integer.parseInt(kv[1]));
        }
        int port = options.get("port");
        Process sink = SinkBaseline.startSink(port);
        int status = 0;
        try {
            run(options, port);
        } catch (Throwable failure) {
            // printed here: System.exit below would end the JVM before an uncaught exception is reported
            failure.printStackTrace();
            status = 1;
        } finally {
            if (sink != null) {
                sink.destroy();
            }
            System.exit(status);
        }
    }

    private static void run(Map<String, Integer> options, int port) throws Exception {
        int subscriptionCount = options.get("subscriptions");
        int paperCount = options.get("papers");
        int threads = options.get("threads");
        int dueCount = options.get("due") < 0 ? subscriptionCount : options.get("due");
        Vocabulary vocabulary = new Vocabulary();
        List<TrendingEntry> papers = vocabulary.papers(paperCount);

        // command-line arguments outrank application.yml (default properties would not)
        String[] settings = {
                "--server.port=" + "0",
                "--spring.mongodb.uri=" + mongoUri(options.get("oplog") != 0),
                "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--spring.mail.host=" + "127.0.0.1",
                "--spring.mail.port=" + String.valueOf(port),
                "--paperboy.notify.token-secret=" + "benchmark-secret-0123456789-0123456789",
                "--paperboy.notify.schedule-interval=" + "PT1000H",
                "--paperboy.notify.recovery-interval=" + "PT1000H",
                "--paperboy.notify.mail-concurrency=" + String.valueOf(threads),
                "--logging.level.root=" + "WARN",
                "--logging.level.dev.paperboy=" + "INFO"};
        MongoCommandCounts commandCounts = new MongoCommandCounts();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NotifyApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("benchmarkCommandCounts",
                        (org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer)
                                builder -> builder.addCommandListener(commandCounts)))
                .run(settings);
        try {
            MongoTemplate mongo = context.getBean(MongoTemplate.class);
            DigestPlanner planner = context.getBean(DigestPlanner.class);
            long t0 = System.nanoTime();
            planner.onSnapshot(new TrendingSnapshot(1, "bench", TrendingWindow.DAY, Instant.now(), papers));
            System.out.printf("snapshot of %,d papers recorded in %.1f s%n", paperCount, seconds(t0));
            warmUp(mongo, planner, vocabulary, options.get("warmup"));

            t0 = System.nanoTime();
            Instant due = Instant.now().minusSeconds(60);
            Instant later = Instant.now().plus(Duration.ofDays(1));
            List<Subscription> batch = new ArrayList<>(1000);
            for (int i = 0; i < subscriptionCount; i++) {
                batch.add(vocabulary.subscription("bench-", i, i < dueCount ? due : later, RANDOM));
                if (batch.size() == 1000) {
                    mongo.insertAll(batch);
                    batch.clear();
                }
            }
            mongo.insertAll(batch);
            System.out.printf("inserted %,d subscriptions in %.1f s%n", subscriptionCount, seconds(t0));

            // matching alone: the run's own index over the same subscriptions and papers, in memory
            SubscriptionStore store = context.getBean(SubscriptionStore.class);
            t0 = System.nanoTime();
            List<Subscription> loaded;
            try (var active = store.streamActive(List.of(Frequency.DAILY))) {
                loaded = active.toList();
            }
            double load = seconds(t0);
            var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            System.gc();
            t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            MatchIndex index = new MatchIndex();
            loaded.forEach(index::add);
            double build = seconds(t0);
            double buildCpu = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            t0 = System.nanoTime();
            c0 = cpu.getCurrentThreadCpuTime();
            Map<Subscription, List<TrendingEntry>> matches = index.match(papers);
            double match = seconds(t0);
            double matchCpu = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            long pairs = matches.values().stream().mapToLong(List::size).sum();
            System.out.printf("matching alone: index build %.2f s + match %.2f s = %.2f s wall (CPU time of the thread "
                    + "%.2f + %.2f = %.2f s) (%,d subscriptions matched, %,d pairs kept); loading the %,d active "
                    + "subscriptions from MongoDB %.1f s%n", build, match, build + match, buildCpu, matchCpu,
                    buildCpu + matchCpu, matches.size(), pairs, loaded.size(), load);

            // the sink's rate: a first (cold) measurement warms the plain sender's JIT and is only reported; the
            // ratio uses the mean of a warm one just before and one just after the run (the load drifts on a shared
            // machine); process CPU time per email is the figure the load disturbs least
            SinkBaseline.Measured cold = SinkBaseline.measure(port, options.get("baseline"), threads);
            SinkBaseline.Measured before = SinkBaseline.warm(port, options.get("baseline"), threads, cold);
            long cpu0 = SinkBaseline.processCpuNanos();
            var commandsBefore = commandCounts.snapshot();
            long startedAt = System.currentTimeMillis();
            t0 = System.nanoTime();
            int digests = planner.runDue(Instant.now());
            double run = seconds(t0);
            long endedAt = System.currentTimeMillis();
            double runCpuMs = (SinkBaseline.processCpuNanos() - cpu0) / 1e6 / Math.max(1, digests);
            SinkBaseline.Measured after = SinkBaseline.measure(port, options.get("baseline"), threads);
            double sent = context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .counter("paperboy.notify.mail.sent").count();
            double baseline = (before.perSecond() + after.perSecond()) / 2;
            double baselineCpuMs = (before.cpuMsPerMail() + after.cpuMsPerMail()) / 2;
            System.out.printf("daily run (%,d of %,d subscriptions due): %,d digests in %.1f s = %.0f emails/s "
                    + "(mail.sent counter %,.0f); process CPU %.2f ms per email%n", dueCount, subscriptionCount,
                    digests, run, digests / run, sent, runCpuMs);
            // a profile of the whole JVM (JFR) is cut to the run with these (the warm-up and baselines are in it too)
            System.out.printf("run window (epoch ms, to cut a profile to the run): %d %d%n", startedAt, endedAt);
            System.out.printf("MongoDB commands per digest in the run (documents inserted or matched; time to the reply): %s%n",
                    commandCounts.perUnit(commandsBefore, Math.max(1, digests)));
            System.out.printf("sink baseline (plain Jakarta Mail, %d threads, reused connections, %,d mails each): "
                    + "cold %.0f emails/s (CPU %.2f ms per email, JIT warm-up, not in the ratio); warm (after %d "
                    + "more rounds) %.0f before the run, %.0f after, mean %.0f; process CPU %.2f / %.2f ms per "
                    + "email%n", threads, options.get("baseline"), cold.perSecond(), cold.cpuMsPerMail(),
                    before.rounds(), before.perSecond(),
                    after.perSecond(), baseline, before.cpuMsPerMail(), after.cpuMsPerMail());
            System.out.printf("ratio run/warm baseline: %.2f (against the cold one %.2f; CPU per email run/warm "
                    + "baseline %.1f×)%n", (digests / run) / baseline, (digests / run) / cold.perSecond(),
                    runCpuMs / baselineCpuMs);
        } finally {
            context.close();
        }
    }

    /**
     * A first daily run over {@code count} other subscribers (due now, the same papers), before anything is measured:
     * the plain sender's rate is measured warm (JIT compiled), and a service's daily run happens in a JVM that ran
     * before; in a fresh JVM the JIT compiler alone took about a quarter of the first run's CPU time. Printed, not in
     * the ratio ({@code warmup=0}: none, the measured run is the JVM's first).
     */
    private static void warmUp(MongoTemplate mongo, DigestPlanner planner, Vocabulary vocabulary, int count) {
        if (count <= 0) {
            return;
        }
        Random random = new Random(7);
        Instant due = Instant.now().minusSeconds(60);
        List<Subscription> warm = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            warm.add(vocabulary.subscription("warmup-", i, due, random));
        }
        mongo.insertAll(warm);
        long cpu0 = SinkBaseline.processCpuNanos();
        long t0 = System.nanoTime();
        int digests = planner.runDue(Instant.now());
        double run = seconds(t0);
        System.out.printf("warm-up run, the JVM's first (%,d other subscriptions, not in the ratio): %,d digests in "
                + "%.1f s = %.0f emails/s; process CPU %.2f ms per email%n", count, digests, run, digests / run,
                (SinkBaseline.processCpuNanos() - cpu0) / 1e6 / Math.max(1, digests));
        // their digests and ledger documents stay; the subscribers pause, so that what follows (matching alone, the
        // measured run) sees the measured subscriptions only
        mongo.getCollection("subscriptions").updateMany(com.mongodb.client.model.Filters.regex("_id", "^warmup-"),
                com.mongodb.client.model.Updates.set("state", SubscriptionState.PAUSED.name()));
    }

    /**
     * The embedded server: one configured as the local stack's (its oplog holds the databases someone watches, which
     * notify's is not), or the shared test server, whose oplog holds every database's writes.
     */
    private static String mongoUri(boolean everyDatabaseInOplog) {
        if (everyDatabaseInOplog) {
            System.out.println("MongoDB: the shared embedded Mongo-wire server, notify's writes in its oplog");
            return SharedMongo.uri("notify-bench");
        }
        System.out.println("MongoDB: embedded Mongo-wire server as the local stack's: oplog on, notify's database "
                + "left out of it (nothing watches it)");
        de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(
                new dev.paperboy.mongostandin.StandInMemoryBackend(java.util.Set.of("notify-bench")));
        server.enableOplog();
        return SharedMongo.withDatabase(server.bindAndGetConnectionString(), "notify-bench");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Synthetic but varied subscriptions and papers from a fixed-seed vocabulary. */
    private static final class Vocabulary {
        final List<String> words = new ArrayList<>();
        final List<String> categories = new ArrayList<>();
        final List<String> authors = new ArrayList<>();

        Vocabulary() {
            for (int i = 0; i < 2000; i++) {
                words.add("w" + Integer.toString(i * 7919 % 100_000, 36));
            }
            for (String archive : List.of("cs", "math", "stat", "physics", "q-bio", "eess")) {
                for (int i = 0; i < 10; i++) {
                    categories.add(archive + ".X" + (char) ('A' + i));
                }
            }
            for (int i = 0; i < 20_000; i++) {
                authors.add("Author " + Integer.toString(i, 36).toUpperCase());
            }
        }

        List<TrendingEntry> papers(int count) {
            List<TrendingEntry> papers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                StringBuilder title = new StringBuilder();
                for (int w = 0; w < 8; w++) {
                    title.append(pick(words)).append(' ');
                }
                String id = "2511." + String.format("%05d", i);
                papers.add(new TrendingEntry(i + 1, id, title.toString().strip(), List.of(pick(authors),
                        pick(authors), pick(authors), pick(authors)), "An excerpt " + pick(words) + " " + pick(words),
                        List.of(pick(words)), List.of(pick(categories), pick(categories)), RANDOM.nextInt(200),
                        RANDOM.nextDouble(), LocalDate.now(), "http://localhost:8082/papers/" + id));
            }
            return papers;
        }

        Subscription subscription(String idPrefix, int i, Instant due, Random random) {
            int kind = random.nextInt(100);
            List<String> keywords = List.of();
            List<String> cats = List.of();
            List<String> names = List.of();
            int minUpvotes = 0;
            if (kind < 40) {
                keywords = distinct(1 + random.nextInt(3), words, random);
            } else if (kind < 60) {
                cats = distinct(1 + random.nextInt(2), categories, random);
            } else if (kind < 75) {
                names = distinct(1 + random.nextInt(2), authors, random);
            } else if (kind < 85) {
                keywords = distinct(1 + random.nextInt(2), words, random);
                cats = distinct(1, categories, random);
            } else if (kind < 95) {
                minUpvotes = 150 + random.nextInt(50);
            }
            Preferences preferences = new Preferences(keywords, cats, names, minUpvotes, Frequency.DAILY, "UTC", 8,
                    5);
            return new Subscription(idPrefix + i, (idPrefix.equals("bench-") ? "" : idPrefix) + "reader" + i + "@example.com", SubscriptionState.ACTIVE,
                    preferences, null, due, due, due, due, null, due, 1, 0);
        }

        private static List<String> distinct(int n, List<String> pool, Random random) {
            return random.ints(0, pool.size()).distinct().limit(n).mapToObj(pool::get).toList();
        }

        private static String pick(List<String> pool) {
            return pool.get(RANDOM.nextInt(pool.size()));
        }
    }
}

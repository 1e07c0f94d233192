package dev.paperboy.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.paperboy.testsupport.SharedKafka;
import dev.paperboy.testsupport.SharedMongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start time and memory of a service process: time from process start to readiness UP, the start time Spring Boot
 * reports, heap used (as scraped from {@code /actuator/prometheus}), heap live after a full GC ({@code jcmd
 * GC.run}), committed heap and resident set size of the process.
 */
public final class ServiceFootprint {

    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");

    /** One service's figures; sizes in MiB. */
    public record Figures(String service, double secondsToReady, double springStartSeconds, double heapUsedMiB,
                          double heapLiveMiB, double heapCommittedMiB, double rssMiB) {

        public String line() {
            return String.format(Locale.ROOT, "%-16s %8.1f %8.1f %9.0f %9.0f %9.0f %7.0f", service, secondsToReady,
                    springStartSeconds, heapUsedMiB, heapLiveMiB, heapCommittedMiB, rssMiB);
        }

        public static String header() {
            return String.format(Locale.ROOT, "%-16s %8s %8s %9s %9s %9s %7s", "service", "ready s", "spring s",
                    "heap MiB", "live MiB", "commit", "RSS MiB");
        }
    }

    private ServiceFootprint() {
    }

    /**
     * Starts each service alone over the shared in-process broker and Mongo-wire server, with the JVM options an
     * operator would give it (a 512 MB heap, nothing else), measures it once ready, and stops it.
     */
    public static List<Figures> eachAlone() throws IOException {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            Path index = Files.createTempDirectory("footprint-index");
            return List.of("ingest-service", "catalog-service", "notify-service").stream().map(service -> {
                int port = ServiceProcess.freePort();
                long started = System.nanoTime();
                try (ServiceProcess process = ServiceProcess.start(service, port, PaperboyStack.environment(service,
                        SharedKafka.bootstrapServers(), SharedMongo::uri, port, mail.getSmtp().getPort(), index, null),
                        service + "-footprint", List.of("-Xmx512m"))) {
                    process.awaitReady(Duration.ofMinutes(3));
                    return measure(process, (System.nanoTime() - started) / 1e9);
                }
            }).toList();
        } finally {
            mail.stop();
        }
    }

    static Figures measure(ServiceProcess process, double secondsToReady) {
        double used = heap(process, "used");
        double committed = heap(process, "committed");
        gc(process.pid());
        double live = heap(process, "used");
        Matcher started = STARTED.matcher(process.logText());
        return new Figures(process.name(), secondsToReady, started.find() ? Double.parseDouble(started.group(1))
                : Double.NaN, used, live, committed, rssMiB(process.pid()));
    }

    private static double heap(ServiceProcess process, String which) {
        return FaultLoad.prometheus(process, "jvm_memory_" + which + "_bytes", "area=\"heap\"") / (1 << 20);
    }

    private static void gc(long pid) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no jcmd beside this JVM: the live figure is then the used one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}

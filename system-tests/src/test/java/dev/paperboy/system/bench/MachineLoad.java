package dev.paperboy.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How busy the machine was, once a second, split into the benchmark's own processes (this JVM with its broker and
 * Mongo-wire server, and the services it started) and everything else: on a shared machine another process taking
 * the cores explains a slow slice as well as the stack's own work does, and the figures should say which it was.
 * Reads Linux's {@code /proc} (nothing is recorded elsewhere).
 */
final class MachineLoad implements AutoCloseable {

    /** One second: when it ended (wall clock), the stack's CPU and all other processes' CPU, both in cores. */
    record Second(long endMillis, double stackCores, double otherCores) {
    }

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on
    private static final Path STAT = Path.of("/proc/stat");

    private final List<Second> seconds = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    MachineLoad() {
        sampler = Thread.ofPlatform().daemon().name("freshness-machine-load").start(this::sample);
    }

    private void sample() {
        long[] last = {busyTicks(), stackTicks()};
        long lastNanos = System.nanoTime();
        while (running) {
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long[] now = {busyTicks(), stackTicks()};
            long nanos = System.nanoTime();
            double seconds = (nanos - lastNanos) / 1e9;
            if (now[0] >= 0 && last[0] >= 0) {
                double busy = (now[0] - last[0]) / TICKS_PER_SECOND / seconds;
                double stack = (now[1] - last[1]) / TICKS_PER_SECOND / seconds;
                synchronized (this.seconds) {
                    this.seconds.add(new Second(System.currentTimeMillis(), stack, Math.max(0, busy - stack)));
                }
            }
            last = now;
            lastNanos = nanos;
        }
    }

    /** Average cores used by the stack and by everything else over {@code [fromMillis, toMillis)}, as "s/o". */
    String between(long fromMillis, long toMillis) {
        double stack = 0;
        double other = 0;
        int n = 0;
        synchronized (seconds) {
            for (Second second : seconds) {
                if (second.endMillis() > fromMillis && second.endMillis() <= toMillis + 1_000) {
                    stack += second.stackCores();
                    other += second.otherCores();
                    n++;
                }
            }
        }
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.1f/%.1f", stack / n, other / n);
    }

    /** Whether /proc could be read at all (not on other systems). */
    boolean available() {
        synchronized (seconds) {
            return !seconds.isEmpty();
        }
    }

    /** Busy ticks of all cores (everything but idle and iowait), -1 without /proc/stat. */
    private static long busyTicks() {
        try {
            String[] cpu = Files.readAllLines(STAT).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User and system ticks of this JVM and every process it started (the services), living ones only. */
    private static long stackTicks() {
        ProcessHandle self = ProcessHandle.current();
        long ticks = processTicks(self.pid());
        for (ProcessHandle child : self.descendants().toList()) {
            ticks += processTicks(child.pid());
        }
        return ticks;
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}

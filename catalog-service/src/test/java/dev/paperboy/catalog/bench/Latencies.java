package dev.paperboy.catalog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;

/** Percentiles of measured latencies and the heap figures the search benchmark prints. */
final class Latencies {

    private Latencies() {
    }

    /** Prints p50, p90, p99 and max of {@code nanos} in ms under {@code label}; returns the p50. */
    static double print(String label, long[] nanos) {
        long[] sorted = sorted(nanos);
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d runs)%n", label,
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
        return pct(sorted, 0.50);
    }

    static long[] sorted(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static void heap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "heap: max %d MB, peak used %d MB (sum of pool peaks), live after GC %d MB%n",
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20, live >> 20);
    }
}

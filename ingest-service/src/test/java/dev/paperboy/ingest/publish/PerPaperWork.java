package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.normalize.PaperReaders;
import dev.paperboy.ingest.normalize.ReadResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * For the ingest benchmark (not a test): the CPU the service's own per-paper steps of a JSON Lines import take on
 * one thread, with no Kafka and no MongoDB: parse the line, read and validate it, merge, fingerprint, serialise
 * the event. Whatever the storage and the send cost, an import cannot spend less than this per paper.
 */
public final class PerPaperWork {

    private PerPaperWork() {
    }

    /** Thread CPU microseconds per line, measured after untimed passes over the same lines (JIT warm-up). */
    public static double microsPerPaper(PaperReaders readers, List<String> lines) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            sink += pass(readers, lines);
        }
        long started = threads.getCurrentThreadCpuTime();
        sink += pass(readers, lines);
        double micros = (threads.getCurrentThreadCpuTime() - started) / 1000.0 / lines.size();
        if (sink == 0) {
            throw new IllegalStateException("no paper was serialised"); // also keeps the work from being elided
        }
        return micros;
    }

    private static long pass(PaperReaders readers, List<String> lines) {
        long bytes = 0;
        for (String line : lines) {
            ReadResult read = readers.neutral(EventCodec.mapper().readTree(line), Source.FILE);
            if (!read.isValid()) {
                throw new IllegalArgumentException("benchmark line rejected: " + read.errors());
            }
            PaperMerger.Merged merged = PaperMerger.merge(null, false, read.paper());
            bytes += PaperStateStore.fingerprint(merged.paper()).length();
            bytes += EventCodec.toJson(merged.paper()).length;
        }
        return bytes;
    }
}

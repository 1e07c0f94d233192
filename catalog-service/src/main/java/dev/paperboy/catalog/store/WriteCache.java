package dev.paperboy.catalog.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this instance last wrote of each paper ({@link WrittenPaper}), least recently used first out, bounded by
 * an estimate of its heap bytes (the service runs in a small heap beside Lucene). Entries can be stale (another
 * instance wrote the paper since): the guard of the write catches that, and the store then reads the paper.
 */
final class WriteCache {

    /** Key string and map entry, beside the state itself. */
    private static final long ENTRY_OVERHEAD = 120;

    private final long maxBytes;
    private final LinkedHashMap<String, WrittenPaper> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    WriteCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether it keeps anything (a size of zero turns it off). */
    boolean enabled() {
        return maxBytes > 0;
    }

    /** The states known for {@code ids} (counted as hits and misses). */
    Map<String, WrittenPaper> get(Collection<String> ids) {
        Map<String, WrittenPaper> found = new HashMap<>();
        if (maxBytes <= 0) {
            return found;
        }
        synchronized (this) {
            for (String id : ids) {
                WrittenPaper paper = entries.get(id);
                if (paper != null) {
                    found.put(id, paper);
                }
            }
        }
        hits.add(found.size());
        misses.add(ids.size() - found.size());
        return found;
    }

    /** Remembers a written state, unless a later revision of the paper is already known. */
    void put(String id, WrittenPaper paper) {
        if (maxBytes <= 0 || paper == null) {
            return;
        }
        synchronized (this) {
            WrittenPaper known = entries.get(id);
            if (known != null) {
                if (known.revision() > paper.revision()) {
                    return;
                }
                bytes -= weight(known);
            }
            entries.put(id, paper);
            bytes += weight(paper);
            var eldest = entries.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                bytes -= weight(eldest.next().getValue());
                eldest.remove();
            }
        }
    }

    /** Forgets papers whose stored state is unknown (a lost race, a failed write). */
    synchronized void remove(Collection<String> ids) {
        for (String id : ids) {
            WrittenPaper known = entries.remove(id);
            if (known != null) {
                bytes -= weight(known);
            }
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private static long weight(WrittenPaper paper) {
        return ENTRY_OVERHEAD + paper.bytes();
    }
}

package dev.paperboy.catalog.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this instance last wrote of each paper ({@link WrittenPaper}), bounded by an estimate of its heap bytes
 * (the service runs in a small heap beside Lucene). Entries can be stale (another instance wrote the paper since):
 * the guard of the write catches that, and the store then reads the paper.
 * <p>
 * A Caffeine cache: its W-TinyLFU policy resists scans, so a bulk pass over more papers than fit (a backfill, a
 * replay) leaves the frequently updated papers cached instead of flushing everything as plain LRU does (with LRU a
 * second pass over 100k papers through room for 52k found none of them).
 */
final class WriteCache {

    /** Key string and the cache's entry, beside the state itself. */
    private static final long ENTRY_OVERHEAD = 120;

    private final Cache<String, WrittenPaper> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    WriteCache(long maxBytes) {
        this(maxBytes, null);
    }

    /** @param maintenance where evictions run (the caller's thread in tests); null: Caffeine's default */
    WriteCache(long maxBytes, Executor maintenance) {
        if (maxBytes <= 0) {
            entries = null;
            return;
        }
        Caffeine<String, WrittenPaper> builder = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String id, WrittenPaper paper) -> (int) Math.min(Integer.MAX_VALUE, weight(paper)));
        entries = (maintenance == null ? builder : builder.executor(maintenance)).build();
    }

    /** Whether it keeps anything (a size of zero turns it off). */
    boolean enabled() {
        return entries != null;
    }

    /** The states known for {@code ids} (counted as hits and misses). */
    Map<String, WrittenPaper> get(Collection<String> ids) {
        if (entries == null) {
            return Map.of();
        }
        Map<String, WrittenPaper> found = entries.getAllPresent(ids);
        hits.add(found.size());
        misses.add(ids.size() - found.size());
        return found;
    }

    /** Remembers a written state, unless a later revision of the paper is already known. */
    void put(String id, WrittenPaper paper) {
        if (entries == null || paper == null) {
            return;
        }
        entries.asMap().merge(id, paper, (known, next) -> known.revision() > next.revision() ? known : next);
    }

    /** Forgets papers whose stored state is unknown (a lost race, a failed write). */
    void remove(Collection<String> ids) {
        if (entries != null) {
            entries.invalidateAll(ids);
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    int size() {
        return entries == null ? 0 : (int) entries.estimatedSize();
    }

    long bytes() {
        return entries == null ? 0 : entries.policy().eviction().map(eviction -> eviction.weightedSize()
                .orElse(0L)).orElse(0L);
    }

    /** Runs pending maintenance (evictions) now. */
    void cleanUp() {
        if (entries != null) {
            entries.cleanUp();
        }
    }

    private static long weight(WrittenPaper paper) {
        return ENTRY_OVERHEAD + paper.bytes();
    }
}

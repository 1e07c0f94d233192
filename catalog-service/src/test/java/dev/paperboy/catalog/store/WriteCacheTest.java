package dev.paperboy.catalog.store;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The write cache stays within its bytes, keeps frequently written papers through a scan and never goes back. */
class WriteCacheTest {

    private static final long PER_PAPER = 120 + state(1).bytes();

    @Test
    void keepsWithinItsBound() {
        WriteCache cache = new WriteCache(100 * PER_PAPER, Runnable::run);
        for (int i = 0; i < 1_000; i++) {
            cache.put("p" + i, state(1));
        }
        cache.cleanUp();

        assertThat(cache.size()).isBetween(1, 100);
        assertThat(cache.bytes()).isLessThanOrEqualTo(100 * PER_PAPER);
        assertThat(cache.get(ids(0, 1_000))).hasSize(cache.size());
        assertThat(cache.hits() + cache.misses()).isEqualTo(1_000);
    }

    @Test
    void aScanOfMorePapersThanFitLeavesTheOftenWrittenOnesCached() {
        WriteCache cache = new WriteCache(100 * PER_PAPER, Runnable::run);
        for (int round = 0; round < 5; round++) { // papers updated again and again, as upvotes of recent papers are
            for (String id : ids(0, 50)) {
                cache.get(List.of(id));
                cache.put(id, state(round + 1));
            }
        }
        for (String id : ids(1_000, 3_000)) { // a backfill of papers written once each
            cache.get(List.of(id));
            cache.put(id, state(1));
        }
        cache.cleanUp();

        // plain LRU would keep the last 100 of the backfill and none of these
        assertThat(cache.get(ids(0, 50))).hasSizeGreaterThanOrEqualTo(45);
    }

    @Test
    void anOlderRevisionDoesNotReplaceANewerOne() {
        WriteCache cache = new WriteCache(1 << 20, Runnable::run); // its weight is counted on this thread
        cache.put("a", state(3));
        cache.put("a", state(2));
        assertThat(cache.get(List.of("a")).get("a").revision()).isEqualTo(3);

        cache.remove(List.of("a"));
        assertThat(cache.get(List.of("a"))).isEmpty();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aSizeOfZeroKeepsNothing() {
        WriteCache cache = new WriteCache(0);
        cache.put("a", state(1));
        assertThat(cache.get(List.of("a"))).isEmpty();
        assertThat(cache.size()).isZero();
    }

    private static List<String> ids(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToObj(i -> "p" + i).toList();
    }

    private static WrittenPaper state(long revision) {
        return WrittenPaper.of(new Document(PaperFields.ID, "2601.00001").append(PaperFields.TITLE, "A title")
                .append(PaperFields.STORED_AT, new Date(0)).append(PaperFields.REV, revision));
    }
}

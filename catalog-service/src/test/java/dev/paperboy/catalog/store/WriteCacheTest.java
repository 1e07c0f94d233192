package dev.paperboy.catalog.store;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The write cache stays within its bytes, drops the least recently used papers first and never goes back. */
class WriteCacheTest {

    @Test
    void keepsWithinItsBoundDroppingTheLeastRecentlyUsedFirst() {
        long perPaper = 120 + state(1).bytes();
        WriteCache cache = new WriteCache(3 * perPaper);
        cache.put("a", state(1));
        cache.put("b", state(1));
        cache.put("c", state(1));
        cache.get(List.of("a")); // used: "b" is now the least recently used

        cache.put("d", state(1));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.bytes()).isLessThanOrEqualTo(3 * perPaper);
        assertThat(cache.get(List.of("a", "b", "c", "d")).keySet()).containsExactlyInAnyOrder("a", "c", "d");
        assertThat(cache.hits()).isEqualTo(4);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void anOlderRevisionDoesNotReplaceANewerOne() {
        WriteCache cache = new WriteCache(1 << 20);
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

    private static WrittenPaper state(long revision) {
        return WrittenPaper.of(new Document(PaperFields.ID, "2601.00001").append(PaperFields.TITLE, "A title")
                .append(PaperFields.STORED_AT, new Date(0)).append(PaperFields.REV, revision));
    }
}

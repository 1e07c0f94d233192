package dev.paperboy.catalog.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Closing the index while a refresh or writes are in progress (a feeder whose stop timed out under load had closed
 * the writer under a running refresh): the close waits for them, and what comes after it fails cleanly.
 */
class SearchIndexCloseTest {

    @TempDir
    Path dir;

    static Document paper(String id) {
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ID, id, Field.Store.YES));
        return doc;
    }

    @Test
    void closeWaitsForARefreshInProgressWhichThenCompletes() throws Exception {
        SearchIndex index = SearchIndex.open(dir, Duration.ofHours(1));
        index.upsert(paper("2601.00001"));
        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread refresher = new Thread(() -> index.refresh(), "test-refresher");
        index.addRefreshListener(new ReferenceManager.RefreshListener() {
            @Override
            public void beforeRefresh() throws java.io.IOException {
                if (Thread.currentThread() == refresher) { // holds the refresh in its middle, as a slow one is
                    refreshing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void afterRefresh(boolean didRefresh) {
            }
        });
        AtomicReference<Throwable> refreshFailure = new AtomicReference<>();
        refresher.setUncaughtExceptionHandler((t, e) -> refreshFailure.set(e));
        refresher.start();
        assertThat(refreshing.await(30, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(index::close, "test-closer");
        closer.start();
        // the close must wait for the refresh (it had closed the writer under it)
        await().atMost(Duration.ofSeconds(30)).until(() -> closer.getState() == Thread.State.WAITING
                || !closer.isAlive());
        assertThat(closer.isAlive()).as("close waits for the refresh in progress").isTrue();

        release.countDown();
        refresher.join(TimeUnit.SECONDS.toMillis(30));
        closer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(refreshFailure.get()).as("the refresh completed").isNull();
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void afterCloseWritesFailAndRefreshesAndCommitsDoNothing() {
        SearchIndex index = SearchIndex.open(dir, Duration.ofMillis(100));
        index.upsert(paper("2601.00001"));
        index.close();

        assertThatThrownBy(() -> index.upsert(paper("2601.00002"))).isInstanceOf(AlreadyClosedException.class)
                .hasMessageContaining("search index");
        assertThatThrownBy(() -> index.delete("2601.00001")).isInstanceOf(AlreadyClosedException.class);
        index.refresh();
        index.refreshSoon();
        index.commit(Map.of("k", "v"));
        index.close(); // twice is fine

        try (SearchIndex reopened = SearchIndex.open(dir, Duration.ofMillis(100))) {
            assertThat(reopened.docCount()).as("the close committed what was written").isEqualTo(1);
        }
    }

    /**
     * A writer thread that applies and refreshes as the feeder does while the index closes: the only failure it may
     * see is the index's own "closed" at the start of a write, never Lucene's writer closed under it.
     */
    @Test
    void closingNeverRacesWritesAndRefreshes() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path roundDir = dir.resolve("round-" + round);
            SearchIndex index = SearchIndex.open(roundDir, Duration.ofMillis(10));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread feeder = new Thread(() -> {
                try {
                    for (int n = 0; ; n++) {
                        index.upsert(paper("2601." + n % 500));
                        index.refreshSoon();
                        if (n % 50 == 0) {
                            index.refresh();
                            started.countDown();
                        }
                    }
                } catch (AlreadyClosedException e) {
                    if (!e.getMessage().startsWith("the search index in ")) {
                        failure.set(e);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "test-feeder");
            feeder.start();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            index.close();
            feeder.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(feeder.isAlive()).isFalse();
            assertThat(failure.get()).as("round %d", round).isNull();
        }
    }
}

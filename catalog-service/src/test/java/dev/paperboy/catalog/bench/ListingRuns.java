package dev.paperboy.catalog.bench;

import dev.paperboy.catalog.search.PaperQuery;
import dev.paperboy.catalog.search.PaperSearcher;
import dev.paperboy.catalog.search.SortOrder;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The listing part of {@link SearchBenchmark}: sorted, filtered listings (no text) through {@link PaperSearcher},
 * back to back and at a fixed request rate.
 */
final class ListingRuns {

    private ListingRuns() {
    }

    /** {@code count} listings, warmed up, then timed back to back and at {@code rate} requests/s. */
    static void run(PaperSearcher searcher, int count, int rate) throws InterruptedException {
        List<PaperQuery> listings = listings(count);
        for (PaperQuery q : listings.subList(0, Math.min(Math.max(20, listings.size() / 5), listings.size()))) {
            searcher.search(q);
        }
        long[] serviceTimes = new long[listings.size()];
        for (int i = 0; i < listings.size(); i++) {
            long start = System.nanoTime();
            searcher.search(listings.get(i));
            serviceTimes[i] = System.nanoTime() - start;
        }
        Latencies.print("service listing back to back (trending|upvotes|recent; none|date|month+category|minUpvotes; top 20 + total)",
                serviceTimes);
        listingsAtFixedRate(searcher, listings, rate);
    }

    static List<PaperQuery> listings(int count) {
        SplittableRandom r = new SplittableRandom(7);
        List<PaperQuery> listings = new ArrayList<>();
        String[] categories = {"cs.CL", "cs.CV", "cs.LG", "cs.AI", "cs.RO", "cs.IR", "stat.ML"};
        for (int i = 0; i < count; i++) {
            SortOrder sort = SortOrder.values()[1 + r.nextInt(3)];
            LocalDate day = SyntheticPapers.BASE_DAY.minusDays(r.nextInt(365));
            listings.add(switch (i % 4) {
                case 0 -> new PaperQuery(null, null, null, sort, null, null, null, null, null, null, null, 20, null, Instant.now());
                case 1 -> new PaperQuery(null, day, day, sort, null, null, null, null, null, null, null, 20, null, Instant.now());
                case 2 -> new PaperQuery(null, YearMonth.from(day).atDay(1), YearMonth.from(day).atEndOfMonth(), sort,
                        null, categories[r.nextInt(categories.length)], null, null, null, null, null, 20, null, Instant.now());
                default -> new PaperQuery(null, null, null, sort, null, null, null, null, null, null, 10, 20, null, Instant.now());
            });
        }
        return listings;
    }

    /**
     * Sends listing {@code i} at {@code start + i / rate} (an open workload, like users who do not wait for each
     * other) to a pool of 4 request threads, and measures each from that scheduled time to its answer: time
     * waiting behind slow requests counts.
     */
    private static void listingsAtFixedRate(PaperSearcher searcher, List<PaperQuery> listings, int rate)
            throws InterruptedException {
        long[] latency = new long[listings.size()];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < listings.size(); i++) {
            long scheduled = start + i * period;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int k = i;
            pool.execute(() -> {
                searcher.search(listings.get(k));
                latency[k] = System.nanoTime() - scheduled;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        Latencies.print(String.format(Locale.ROOT, "service listing at a fixed %d requests/s, from scheduled send time", rate),
                latency);
    }
}

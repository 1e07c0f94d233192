package dev.paperboy.catalog.trending;

import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingWindow;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ranks papers for a window with {@link TrendingFormula}. Windows (UTC):
 * <ul>
 *   <li>{@code day}: Daily Papers day today or yesterday, or (no Daily Papers day) published within 48 h; the
 *   window starts at 00:00 yesterday;</li>
 *   <li>{@code week}: Daily Papers day within the last 7 days (today included), or published within 7 days; the
 *   window starts at 00:00 six days ago.</li>
 * </ul>
 * {@code upvotesGained} = upvotes now minus the last observation before the window started; a paper first seen
 * inside the window counts all its upvotes. Papers that gained nothing are not ranked. Ties: more upvotes, then id.
 */
public final class TrendingCalculator {

    public static final int EXCERPT_CHARS = 300;

    private TrendingCalculator() {
    }

    /** A scored paper before ranking. */
    public record Scored(Document paper, long gained, double score) {
    }

    public static Instant windowStart(TrendingWindow window, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = window == TrendingWindow.DAY ? today.minusDays(1) : today.minusDays(6);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The earliest Daily Papers day in the window. */
    public static LocalDate firstDailyDate(TrendingWindow window, Instant now) {
        return LocalDate.ofInstant(windowStart(window, now), ZoneOffset.UTC);
    }

    /** The earliest publication time of a paper without Daily Papers day in the window. */
    public static Instant publishedSince(TrendingWindow window, Instant now) {
        return now.minus(window == TrendingWindow.DAY ? Duration.ofHours(48) : Duration.ofDays(7));
    }

    public static boolean inWindow(PaperEvent paper, TrendingWindow window, Instant now) {
        if (paper.dailyDate() != null) {
            return !paper.dailyDate().isBefore(firstDailyDate(window, now));
        }
        return paper.publishedAt() != null && !paper.publishedAt().isBefore(publishedSince(window, now));
    }

    /** Upvotes gained since {@code windowStart}, from the stored history. */
    public static long upvotesGained(Document paper, Instant windowStart) {
        Integer now = PaperFields.integer(paper, PaperFields.UPVOTES);
        TreeMap<Long, Integer> history = history(paper);
        if (now == null) {
            now = history.isEmpty() ? 0 : history.lastEntry().getValue();
        }
        Map.Entry<Long, Integer> before = history.lowerEntry(windowStart.toEpochMilli());
        int baseline;
        if (before != null) {
            baseline = before.getValue();
        } else {
            Instant firstSeen = PaperFields.instant(paper, PaperFields.FIRST_SEEN_AT);
            boolean seenBefore = firstSeen != null && firstSeen.isBefore(windowStart);
            // seen before the window but its oldest observations were dropped: the oldest kept is the best baseline
            baseline = seenBefore && !history.isEmpty() ? history.firstEntry().getValue() : 0;
        }
        return Math.max(0, now - baseline);
    }

    public static List<TrendingEntry> rank(List<Document> candidates, TrendingWindow window, Instant now, int top,
                                           String publicUrl) {
        Instant start = windowStart(window, now);
        List<Scored> scored = new ArrayList<>();
        for (Document doc : candidates) {
            PaperEvent paper = PaperFields.toEvent(doc);
            if (!inWindow(paper, window, now)) {
                continue;
            }
            long gained = upvotesGained(doc, start);
            double score = TrendingFormula.score(gained, paper.dailyDate(), paper.publishedAt(), now);
            if (score > 0) {
                scored.add(new Scored(doc, gained, score));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(s -> -upvotes(s.paper()))
                .thenComparing(s -> s.paper().get(PaperFields.ID).toString()));
        List<TrendingEntry> entries = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < top; i++) {
            Scored s = scored.get(i);
            PaperEvent p = PaperFields.toEvent(s.paper());
            entries.add(new TrendingEntry(i + 1, p.id(), p.title(), p.authors(), excerpt(p.abstractText()),
                    p.keywords(), p.categories(), upvotes(s.paper()), s.score(), p.dailyDate(),
                    publicUrl + "/api/papers/" + p.id(), s.paper().getString(PaperFields.TRACEPARENT)));
        }
        return entries;
    }

    /** The text cut at a word boundary before {@link #EXCERPT_CHARS} characters, with an ellipsis when cut. */
    public static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.length() <= EXCERPT_CHARS) {
            return s;
        }
        int cut = s.lastIndexOf(' ', EXCERPT_CHARS);
        if (cut < EXCERPT_CHARS / 2) {
            cut = EXCERPT_CHARS;
        }
        return s.substring(0, cut).replaceAll("[\\s,;:.]+$", "") + "…";
    }

    private static int upvotes(Document doc) {
        Integer upvotes = PaperFields.integer(doc, PaperFields.UPVOTES);
        return upvotes == null ? 0 : upvotes;
    }

    private static TreeMap<Long, Integer> history(Document paper) {
        TreeMap<Long, Integer> history = new TreeMap<>();
        if (paper.get(PaperFields.HISTORY) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Document d && d.get(PaperFields.HISTORY_AT) instanceof Date at
                        && d.get(PaperFields.HISTORY_UPVOTES) instanceof Number upvotes) {
                    history.put(at.getTime(), upvotes.intValue());
                }
            }
        }
        return history;
    }
}

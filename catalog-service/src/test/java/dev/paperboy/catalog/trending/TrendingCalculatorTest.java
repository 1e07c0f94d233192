package dev.paperboy.catalog.trending;

import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingWindow;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The published formula and the windows on hand-computed cases. */
class TrendingCalculatorTest {

    private static final Instant NOW = Instant.parse("2030-01-10T12:00:00Z");

    @Test
    void formulaMatchesHandComputedValues() {
        // 10 / (0 + 2)^1.8 = 10 / 3.4822022531844965
        assertThat(TrendingFormula.score(10, 0.0)).isCloseTo(2.871745887492587, within(1e-12));
        // 100 / (22 + 2)^1.8 = 100 / 24^1.8 = 0.32781...
        assertThat(TrendingFormula.score(100, 22.0)).isCloseTo(100 / Math.pow(24, 1.8), within(1e-12));
        assertThat(100 / Math.pow(24, 1.8)).isCloseTo(0.32781, within(1e-5));
        assertThat(TrendingFormula.score(0, 1.0)).isZero();
        assertThat(TrendingFormula.score(-3, 1.0)).isZero();
        // age counts from 00:00 UTC of the Daily Papers day: 2030-01-10 12:00 is 12 h after 2030-01-10
        assertThat(TrendingFormula.ageHours(LocalDate.of(2030, 1, 10), null, NOW)).isEqualTo(12.0);
        // ... or from publication without a Daily Papers day
        assertThat(TrendingFormula.ageHours(null, NOW.minusSeconds(5 * 3600), NOW)).isEqualTo(5.0);
    }

    @Test
    void upvotesGainedAreNowMinusTheLastObservationBeforeTheWindow() {
        Instant dayStart = TrendingCalculator.windowStart(TrendingWindow.DAY, NOW);
        assertThat(dayStart).isEqualTo(Instant.parse("2030-01-09T00:00:00Z"));
        Document paper = doc("2601.00001", LocalDate.of(2030, 1, 9), 30,
                obs("2030-01-07T10:00:00Z", 4), obs("2030-01-08T23:00:00Z", 10), obs("2030-01-09T06:00:00Z", 18),
                obs("2030-01-10T06:00:00Z", 30));
        paper.put(PaperFields.FIRST_SEEN_AT, Date.from(Instant.parse("2030-01-07T10:00:00Z")));
        assertThat(TrendingCalculator.upvotesGained(paper, dayStart)).isEqualTo(20);           // 30 - 10
        Instant weekStart = TrendingCalculator.windowStart(TrendingWindow.WEEK, NOW);
        assertThat(weekStart).isEqualTo(Instant.parse("2030-01-04T00:00:00Z"));
        assertThat(TrendingCalculator.upvotesGained(paper, weekStart)).isEqualTo(30);          // first seen inside
    }

    @Test
    void aPaperFirstSeenInsideTheWindowCountsAllItsUpvotes() {
        Document paper = doc("2601.00002", LocalDate.of(2030, 1, 10), 25, obs("2030-01-10T09:00:00Z", 25));
        paper.put(PaperFields.FIRST_SEEN_AT, Date.from(Instant.parse("2030-01-10T09:00:00Z")));
        assertThat(TrendingCalculator.upvotesGained(paper, TrendingCalculator.windowStart(TrendingWindow.DAY, NOW)))
                .isEqualTo(25);
    }

    @Test
    void ranksByScoreAndCutsTheAbstractAtAWordBoundary() {
        Document older = doc("2601.00003", LocalDate.of(2030, 1, 9), 100, obs("2030-01-09T08:00:00Z", 100));
        Document fresh = doc("2601.00004", LocalDate.of(2030, 1, 10), 20, obs("2030-01-10T08:00:00Z", 20));
        Document stale = doc("2601.00005", LocalDate.of(2030, 1, 8), 900, obs("2030-01-08T08:00:00Z", 900));
        Document noGain = doc("2601.00006", LocalDate.of(2030, 1, 10), 7,
                obs("2030-01-01T08:00:00Z", 7), obs("2030-01-10T08:00:00Z", 7));
        noGain.put(PaperFields.FIRST_SEEN_AT, Date.from(Instant.parse("2030-01-01T08:00:00Z")));
        List<TrendingEntry> day = TrendingCalculator.rank(List.of(older, fresh, stale, noGain), TrendingWindow.DAY,
                NOW, 50, "http://catalog.test");
        // older: 100 / (36 + 2)^1.8 = 0.1425...; fresh: 20 / (12 + 2)^1.8 = 0.1728...; stale is outside the day
        assertThat(day).extracting(TrendingEntry::id).containsExactly("2601.00004", "2601.00003");
        assertThat(day.get(0).score()).isCloseTo(20 / Math.pow(14, 1.8), within(1e-12));
        assertThat(day.get(1).score()).isCloseTo(100 / Math.pow(38, 1.8), within(1e-12));
        assertThat(day.get(0).rank()).isEqualTo(1);
        assertThat(day.get(0).link()).isEqualTo("http://catalog.test/api/papers/2601.00004");
        assertThat(day.get(0).upvotes()).isEqualTo(20);
        assertThat(day.get(0).dailyDate()).isEqualTo(LocalDate.of(2030, 1, 10));
        String excerpt = day.get(0).abstractExcerpt();
        assertThat(excerpt).endsWith("…").hasSizeLessThanOrEqualTo(301);
        assertThat(excerpt.substring(0, excerpt.length() - 1)).endsWith("word");

        List<TrendingEntry> week = TrendingCalculator.rank(List.of(older, fresh, stale, noGain),
                TrendingWindow.WEEK, NOW, 2, "http://catalog.test");
        // stale: 900 / (60 + 2)^1.8 = 0.5114... leads the week; top 2
        assertThat(week).extracting(TrendingEntry::id).containsExactly("2601.00005", "2601.00004");
    }

    @Test
    void papersWithoutDailyDayCountWhenPublishedWithin48HoursForTheDay() {
        PaperEvent recent = new PaperEvent(1, "e", "2601.00007", 1, "t", "a", null, null, null, null,
                NOW.minusSeconds(47 * 3600), null, null, 5, null, null, null, null, null, null, null, null,
                Source.ARXIV, NOW);
        PaperEvent old = new PaperEvent(1, "e", "2601.00008", 1, "t", "a", null, null, null, null,
                NOW.minusSeconds(49 * 3600), null, null, 5, null, null, null, null, null, null, null, null,
                Source.ARXIV, NOW);
        assertThat(TrendingCalculator.inWindow(recent, TrendingWindow.DAY, NOW)).isTrue();
        assertThat(TrendingCalculator.inWindow(old, TrendingWindow.DAY, NOW)).isFalse();
        assertThat(TrendingCalculator.inWindow(old, TrendingWindow.WEEK, NOW)).isTrue();
    }

    @Test
    void shortAbstractsAreNotCut() {
        assertThat(TrendingCalculator.excerpt("  A short abstract. ")).isEqualTo("A short abstract.");
        assertThat(TrendingCalculator.excerpt(null)).isNull();
    }

    private static Document obs(String at, int upvotes) {
        return new Document(PaperFields.HISTORY_AT, Date.from(Instant.parse(at)))
                .append(PaperFields.HISTORY_UPVOTES, upvotes);
    }

    private static Document doc(String id, LocalDate dailyDate, int upvotes, Document... history) {
        String abstractText = "word ".repeat(100).strip();
        PaperEvent event = new PaperEvent(1, "e-" + id, id, 1, "Title " + id, abstractText, List.of("A"),
                List.of("cs.LG"), "cs.LG", List.of("k"), Instant.parse("2030-01-01T00:00:00Z"), null, dailyDate,
                upvotes, null, null, null, null, null, null, null, null, Source.HUGGINGFACE, NOW);
        Document doc = PaperFields.toDocument(event);
        doc.put(PaperFields.HISTORY, new ArrayList<>(List.of(history)));
        return doc;
    }
}

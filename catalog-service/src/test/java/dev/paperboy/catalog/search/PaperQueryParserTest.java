package dev.paperboy.catalog.search;

import dev.paperboy.catalog.web.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaperQueryParserTest {

    private static final Instant NOW = Instant.parse("2025-12-11T12:00:00Z");

    private static PaperQueryParser.Params params(String name, String value) {
        String[] v = new String[14];
        int i = switch (name) {
            case "q" -> 0; case "date" -> 1; case "week" -> 2; case "month" -> 3; case "sort" -> 4;
            case "author" -> 5; case "category" -> 6; case "keyword" -> 7; case "organization" -> 8;
            case "from" -> 9; case "to" -> 10; case "minUpvotes" -> 11; case "limit" -> 12; case "cursor" -> 13;
            default -> throw new IllegalArgumentException(name);
        };
        v[i] = value;
        return new PaperQueryParser.Params(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13]);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "date|2025-13-45", "date|2025-02-30", "date|yesterday", "date|2025-1-5",
            "week|2025-W60", "week|2025-W00", "week|2025-W53", "week|2025W10", "week|2020-w10",
            "month|2025-13", "month|2025-00", "month|2025-1",
            "from|2025-13-01", "to|20250101",
            "limit|0", "limit|101", "limit|abc", "limit|-1", "limit|99999999999",
            "minUpvotes|-1", "minUpvotes|lots",
            "sort|best", "sort|relevance",
            "cursor|abc", "cursor|%%%", "cursor|AAAAAAAAAAAAAAAAAAAAAAAA"})
    void badValuesNameTheirParameter(String name, String value) {
        assertThatThrownBy(() -> PaperQueryParser.parse(params(name, value), false, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo(name));
    }

    @Test
    void week53IsValidInLongYears() {
        PaperQuery query = PaperQueryParser.parse(params("week", "2020-W53"), false, NOW);
        assertThat(query.dailyFrom()).isEqualTo(LocalDate.of(2020, 12, 28));
        assertThat(query.dailyTo()).isEqualTo(LocalDate.of(2021, 1, 3));
    }

    @Test
    void periodsBecomeDayRanges() {
        assertThat(PaperQueryParser.parse(params("week", "2025-W50"), false, NOW).dailyFrom())
                .isEqualTo(LocalDate.of(2025, 12, 8));
        PaperQuery month = PaperQueryParser.parse(params("month", "2024-02"), false, NOW);
        assertThat(month.dailyFrom()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(month.dailyTo()).isEqualTo(LocalDate.of(2024, 2, 29));
        PaperQuery date = PaperQueryParser.parse(params("date", "2025-12-11"), false, NOW);
        assertThat(date.dailyFrom()).isEqualTo(date.dailyTo()).isEqualTo(LocalDate.of(2025, 12, 11));
    }

    @Test
    void atMostOnePeriod() {
        var both = new PaperQueryParser.Params(null, "2025-12-11", "2025-W50", null, null, null, null, null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> PaperQueryParser.parse(both, false, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("week"));
        var other = new PaperQueryParser.Params(null, "2025-12-11", null, "2025-12", null, null, null, null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> PaperQueryParser.parse(other, false, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("month"));
    }

    @Test
    void fromAfterToIsRejected() {
        var params = new PaperQueryParser.Params(null, null, null, null, null, null, null, null, null,
                "2025-02-01", "2025-01-01", null, null, null);
        assertThatThrownBy(() -> PaperQueryParser.parse(params, false, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void searchNeedsAShortEnoughQuery() {
        assertThatThrownBy(() -> PaperQueryParser.parse(params("q", "  "), true, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("q"));
        assertThatThrownBy(() -> PaperQueryParser.parse(params("date", "2025-12-11"), true, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("q"));
        assertThatThrownBy(() -> PaperQueryParser.parse(params("q", "x".repeat(501)), true, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("q"));
        assertThat(PaperQueryParser.parse(params("q", "x".repeat(500)), true, NOW).sort()).isEqualTo(SortOrder.RELEVANCE);
    }

    @Test
    void defaultsAndStringsStayStrings() {
        PaperQuery query = PaperQueryParser.parse(params("author", "{\"$gt\": \"\"}"), false, NOW);
        assertThat(query.author()).isEqualTo("{\"$gt\": \"\"}");
        assertThat(query.sort()).isEqualTo(SortOrder.RECENT);
        assertThat(query.limit()).isEqualTo(20);
        assertThat(query.now()).isEqualTo(NOW);
    }

    @Test
    void aCursorOfAnotherSortIsRejected() {
        String cursor = new SearchCursor(SortOrder.UPVOTES, NOW, new Object[]{3, 20000, new org.apache.lucene.util.BytesRef("x")}).encode();
        var recent = new PaperQueryParser.Params(null, null, null, null, "recent", null, null, null, null, null, null,
                null, null, cursor);
        assertThatThrownBy(() -> PaperQueryParser.parse(recent, false, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        var upvotes = new PaperQueryParser.Params(null, null, null, null, "upvotes", null, null, null, null, null, null,
                null, null, cursor);
        assertThat(PaperQueryParser.parse(upvotes, false, Instant.now()).now()).isEqualTo(NOW);
    }
}

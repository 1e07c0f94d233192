package dev.paperboy.catalog.search;

import dev.paperboy.catalog.web.BadRequestException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the query parameters of listings, searches and feeds into a {@link PaperQuery}. Every bad value is a
 * {@link BadRequestException} naming its parameter; values are only ever used as strings, dates and numbers.
 */
public final class PaperQueryParser {

    public static final int MAX_QUERY_LENGTH = 500;
    public static final int MAX_FILTER_LENGTH = 200;

    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private PaperQueryParser() {
    }

    /** The raw parameters as they came, each null when absent. */
    public record Params(String q, String date, String week, String month, String sort, String author,
                         String category, String keyword, String organization, String from, String to,
                         String minUpvotes, String limit, String cursor) {
    }

    /** Parses a listing ({@code search=false}: no {@code q}) or a search ({@code q} required). */
    public static PaperQuery parse(Params p, boolean search, Instant now) {
        String text = null;
        if (search) {
            if (p.q() == null || p.q().isBlank()) {
                throw new BadRequestException("q", "must not be blank");
            }
            if (p.q().length() > MAX_QUERY_LENGTH) {
                throw new BadRequestException("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
            }
            text = p.q().strip();
        }

        LocalDate dailyFrom = null;
        LocalDate dailyTo = null;
        int periods = 0;
        if (present(p.date())) {
            periods++;
            dailyFrom = date("date", p.date());
            dailyTo = dailyFrom;
        }
        if (present(p.week())) {
            if (++periods > 1) {
                throw new BadRequestException("week", "give at most one of date, week and month");
            }
            dailyFrom = week(p.week());
            dailyTo = dailyFrom.plusDays(6);
        }
        if (present(p.month())) {
            if (++periods > 1) {
                throw new BadRequestException("month", "give at most one of date, week and month");
            }
            YearMonth month = month(p.month());
            dailyFrom = month.atDay(1);
            dailyTo = month.atEndOfMonth();
        }

        SortOrder sort = search ? SortOrder.RELEVANCE : SortOrder.RECENT;
        if (present(p.sort())) {
            sort = switch (p.sort().strip().toLowerCase(Locale.ROOT)) {
                case "trending" -> SortOrder.TRENDING;
                case "upvotes" -> SortOrder.UPVOTES;
                case "recent" -> SortOrder.RECENT;
                case "relevance" -> {
                    if (!search) {
                        throw new BadRequestException("sort", "relevance needs a query: use trending, upvotes or recent");
                    }
                    yield SortOrder.RELEVANCE;
                }
                default -> throw new BadRequestException("sort", search
                        ? "must be one of relevance, trending, upvotes, recent"
                        : "must be one of trending, upvotes, recent");
            };
        }

        LocalDate from = present(p.from()) ? date("from", p.from()) : null;
        LocalDate to = present(p.to()) ? date("to", p.to()) : null;
        if (from != null && to != null && to.isBefore(from)) {
            throw new BadRequestException("to", "must not be before from");
        }
        Integer minUpvotes = null;
        if (present(p.minUpvotes())) {
            minUpvotes = integer("minUpvotes", p.minUpvotes());
            if (minUpvotes < 0) {
                throw new BadRequestException("minUpvotes", "must be 0 or more");
            }
        }
        int limit = PaperQuery.DEFAULT_LIMIT;
        if (p.limit() != null) {
            limit = integer("limit", p.limit());
            if (limit < 1 || limit > PaperQuery.MAX_LIMIT) {
                throw new BadRequestException("limit", "must be between 1 and " + PaperQuery.MAX_LIMIT);
            }
        }
        SearchCursor cursor = null;
        if (p.cursor() != null) {
            try {
                cursor = SearchCursor.decode(p.cursor());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("cursor", "is not a cursor of this listing");
            }
            if (cursor.sort() != sort) {
                throw new BadRequestException("cursor", "belongs to sort=" + cursor.sort().param());
            }
        }
        return new PaperQuery(text, dailyFrom, dailyTo, sort,
                filter("author", p.author()), filter("category", p.category()), filter("keyword", p.keyword()),
                filter("organization", p.organization()), from, to, minUpvotes, limit, cursor,
                cursor != null ? cursor.now() : now);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String filter(String field, String value) {
        if (!present(value)) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw new BadRequestException(field, "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        return value.strip();
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.strip(), DATE);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "must be a date YYYY-MM-DD");
        }
    }

    private static LocalDate week(String value) {
        Matcher m = WEEK.matcher(value.strip());
        if (!m.matches()) {
            throw new BadRequestException("week", "must be an ISO week YYYY-Www");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate mid = LocalDate.of(year, 6, 1);
        long weeks = IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(mid).getMaximum();
        if (week < 1 || week > weeks) {
            throw new BadRequestException("week", "week " + year + " has weeks 01 to " + weeks);
        }
        return mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
    }

    private static YearMonth month(String value) {
        String text = value.strip();
        if (!MONTH.matcher(text).matches()) {
            throw new BadRequestException("month", "must be a month YYYY-MM");
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("month", "must be a month YYYY-MM");
        }
    }

    private static int integer(String field, String value) {
        String text = value.strip();
        if (!INTEGER.matcher(text).matches()) {
            throw new BadRequestException(field, "must be a whole number");
        }
        return Integer.parseInt(text);
    }
}

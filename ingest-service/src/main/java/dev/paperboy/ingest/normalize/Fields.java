package dev.paperboy.ingest.normalize;

import dev.paperboy.contracts.IngestReject.Reason;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed fields from a JSON object and collects one reason per bad field instead of stopping at the first,
 * so that a client or a reject record names every problem at once. Paths are JSON-pointer-like ({@code authors/2}).
 */
final class Fields {

    private final JsonNode node;
    private final String prefix;
    private final List<Reason> errors;

    Fields(JsonNode node, String prefix, List<Reason> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    List<Reason> errors() {
        return errors;
    }

    Fields nested(String name) {
        JsonNode child = node.get(name);
        if (child != null && !child.isNull() && !child.isObject()) {
            fail(name, "must be an object");
        }
        return new Fields(child != null && child.isObject() ? child : MissingNode.getInstance(), prefix + name + "/",
                errors);
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            return fail(name, "must be a string");
        }
        return value.asString();
    }

    Integer nonNegativeInt(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            return fail(name, "must be an integer");
        }
        if (value.intValue() < 0) {
            return fail(name, "must not be negative");
        }
        return value.intValue();
    }

    List<String> strings(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            return fail(name, "must be an array of strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isString() || item.asString().isBlank()) {
                fail(name + "/" + i, "must be a non-blank string");
            } else {
                out.add(item.asString().strip());
            }
        }
        return out;
    }

    /** An array of objects, each handed back as nested fields (e.g. Hugging Face authors). */
    List<Fields> objects(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            return fail(name, "must be an array");
        }
        List<Fields> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                fail(name + "/" + i, "must be an object");
            } else {
                out.add(new Fields(item, prefix + name + "/" + i + "/", errors));
            }
        }
        return out;
    }

    /** A date ({@code 2025-08-15}, read as midnight UTC) or an ISO-8601 instant. */
    Instant instant(String name) {
        String text = string(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        LocalDate plain = plainDate(text);
        if (plain != null) {
            return plain.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fail(name, "must be a date (YYYY-MM-DD) or an ISO-8601 instant");
        }
    }

    LocalDate date(String name) {
        String text = string(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        LocalDate plain = plainDate(text);
        if (plain != null) {
            return plain;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text) : Instant.parse(text).atOffset(ZoneOffset.UTC)
                    .toLocalDate();
        } catch (DateTimeParseException e) {
            return fail(name, "must be a date (YYYY-MM-DD)");
        }
    }

    /**
     * {@code YYYY-MM-DD} read digit by digit, or null when the text is anything else or no such day (the caller
     * then parses it with {@link LocalDate#parse}, which accepts the same days and words the error). Most records
     * carry such a date and the formatter-based parse cost as much as the rest of the record's validation.
     */
    static LocalDate plainDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // 2025-02-30 and the like
        }
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    <T> T fail(String name, String message) {
        errors.add(new Reason(prefix + name, message));
        return null;
    }
}

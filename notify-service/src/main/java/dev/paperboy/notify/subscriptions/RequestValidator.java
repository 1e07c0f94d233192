package dev.paperboy.notify.subscriptions;

import dev.paperboy.notify.web.FieldError;
import dev.paperboy.notify.web.InvalidInputException;
import org.apache.commons.validator.routines.EmailValidator;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict validation of subscription input: addresses by Commons Validator's {@link EmailValidator} (no local or
 * made-up top-level domains), no control characters anywhere (so no CR/LF header injection), bounded list sizes and
 * lengths. Collects every invalid field.
 */
final class RequestValidator {

    static final int MAX_EMAIL = 254;
    static final int MAX_ITEMS = 20;
    static final int MAX_KEYWORD = 64;
    static final int MAX_AUTHOR = 100;
    static final int MAX_PAPERS = 50;
    static final int MAX_UPVOTES = 1_000_000;
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z0-9.\\-]{0,31}");
    private static final EmailValidator EMAIL = EmailValidator.getInstance(false, false);

    private RequestValidator() {
    }

    /** The normalised address: trimmed and lower-cased (the unique key). */
    static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** A valid sign-up: the normalised address and the preferences. */
    record Valid(String email, Preferences preferences) {
    }

    /** Validates a sign-up (with {@code requireEmail}) or a preference change, throwing on any invalid field. */
    static Valid validate(SubscriptionRequest request, boolean requireEmail) {
        List<FieldError> errors = new ArrayList<>();
        String email = requireEmail ? checkEmail(request.email(), errors) : null;
        Preferences preferences = preferences(request, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Valid(email, preferences);
    }

    private static String checkEmail(String email, List<FieldError> errors) {
        if (email == null || email.isBlank()) {
            errors.add(new FieldError("email", "is required"));
            return null;
        }
        if (hasControl(email)) {
            errors.add(new FieldError("email", "must not contain control characters (CR, LF, ...)"));
            return null;
        }
        String normalised = normaliseEmail(email);
        if (normalised.length() > MAX_EMAIL || !EMAIL.isValid(normalised)) {
            errors.add(new FieldError("email", "is not a valid email address"));
            return null;
        }
        return normalised;
    }

    private static Preferences preferences(SubscriptionRequest request, List<FieldError> errors) {
        List<String> keywords = list("keywords", request.keywords(), MAX_KEYWORD, errors).stream()
                .map(k -> k.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")).distinct().toList();
        List<String> categories = list("categories", request.categories(), 32, errors);
        for (int i = 0; i < categories.size(); i++) {
            if (!CATEGORY.matcher(categories.get(i)).matches()) {
                errors.add(new FieldError("categories[" + i + "]", "is not an arXiv category like cs.CL"));
            }
        }
        List<String> authors = list("authors", request.authors(), MAX_AUTHOR, errors).stream()
                .map(a -> a.replaceAll("\\s+", " ")).distinct().toList();
        int minUpvotes = bounded("minUpvotes", request.minUpvotes(), 0, 0, MAX_UPVOTES, errors);
        Frequency frequency = Frequency.DAILY;
        if (request.frequency() != null) {
            frequency = Frequency.fromWireName(request.frequency());
            if (frequency == null) {
                errors.add(new FieldError("frequency", "must be instant, daily or weekly"));
            }
        }
        String timeZone = "UTC";
        if (request.timeZone() != null) {
            timeZone = request.timeZone();
            if (timeZone.length() > 64 || hasControl(timeZone)) {
                errors.add(new FieldError("timeZone", "is not a time zone"));
            } else {
                try {
                    timeZone = ZoneId.of(timeZone).getId();
                } catch (DateTimeException e) {
                    errors.add(new FieldError("timeZone", "is not a time zone (e.g. Europe/Berlin)"));
                }
            }
        }
        int sendHour = bounded("sendHour", request.sendHour(), 8, 0, 23, errors);
        int maxPapers = bounded("maxPapers", request.maxPapers(), 10, 1, MAX_PAPERS, errors);
        return new Preferences(keywords, categories, authors, minUpvotes, frequency, timeZone, sendHour, maxPapers);
    }

    private static List<String> list(String field, List<String> values, int maxLength, List<FieldError> errors) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ITEMS) {
            errors.add(new FieldError(field, "must have at most " + MAX_ITEMS + " entries"));
            return List.of();
        }
        Set<String> kept = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String name = field + "[" + i + "]";
            if (value == null || value.isBlank()) {
                errors.add(new FieldError(name, "must not be blank"));
            } else if (hasControl(value)) {
                errors.add(new FieldError(name, "must not contain control characters (CR, LF, ...)"));
            } else if (value.strip().length() > maxLength) {
                errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            } else {
                kept.add(value.strip());
            }
        }
        return List.copyOf(kept);
    }

    private static int bounded(String field, Integer value, int fallback, int min, int max, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
            return fallback;
        }
        return value;
    }

    /** Whether {@code s} holds a control character or a Unicode line/paragraph separator. */
    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}

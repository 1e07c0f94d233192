package dev.paperboy.notify.subscriptions;

import java.util.List;

/**
 * What a subscriber wants. Empty filter lists mean "any"; all given filters must hold (a keyword of the list AND a
 * category of the list AND an author of the list AND at least {@code minUpvotes}).
 *
 * @param keywords   lower-cased words or phrases, matched against title, keywords and abstract excerpt
 * @param categories arXiv categories as given (matched case-insensitively)
 * @param authors    author names (matched case- and whitespace-insensitively)
 * @param sendHour   local hour (0–23) for daily and weekly digests
 */
public record Preferences(
        List<String> keywords,
        List<String> categories,
        List<String> authors,
        int minUpvotes,
        Frequency frequency,
        String timeZone,
        int sendHour,
        int maxPapers) {

    public Preferences {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        categories = categories == null ? List.of() : List.copyOf(categories);
        authors = authors == null ? List.of() : List.copyOf(authors);
    }

    public boolean hasFilters() {
        return !keywords.isEmpty() || !categories.isEmpty() || !authors.isEmpty();
    }
}

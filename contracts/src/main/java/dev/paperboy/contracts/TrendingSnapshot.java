package dev.paperboy.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A ranked trending list, published on {@link Topics#TRENDING} with key {@code window.wireName()} whenever the
 * ranking of that window changed. Carries enough of each paper to render a digest without calling the catalog.
 *
 * @param snapshotId unique per snapshot (a UUID); consumers may use it to recognise redelivery
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrendingSnapshot(
        int schemaVersion,
        String snapshotId,
        TrendingWindow window,
        Instant generatedAt,
        List<TrendingEntry> entries) {

    public static final int SCHEMA_VERSION = 1;

    public TrendingSnapshot {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}

package dev.paperboy.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The span a trending ranking covers. */
public enum TrendingWindow {
    @JsonProperty("day") DAY,
    @JsonProperty("week") WEEK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TrendingWindow fromWireName(String name) {
        for (TrendingWindow window : values()) {
            if (window.wireName().equals(name)) {
                return window;
            }
        }
        throw new IllegalArgumentException("unknown trending window '" + name + "' (expected day or week)");
    }
}

package dev.paperboy.notify.subscriptions;

import java.util.Locale;

/** How often a subscriber hears from us. */
public enum Frequency {
    INSTANT, DAILY, WEEKLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The frequency named {@code name} (instant, daily, weekly), or null. */
    public static Frequency fromWireName(String name) {
        for (Frequency frequency : values()) {
            if (frequency.wireName().equals(name)) {
                return frequency;
            }
        }
        return null;
    }
}

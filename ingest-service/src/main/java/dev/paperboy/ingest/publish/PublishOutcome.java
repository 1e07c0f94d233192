package dev.paperboy.ingest.publish;

import java.util.Locale;

/** What became of one valid paper. */
public enum PublishOutcome {
    /** Something a reader sees changed (or the paper is new): an event was written and acknowledged. */
    PUBLISHED,
    /** The paper is known and looks the same to a reader: nothing written. */
    UNCHANGED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

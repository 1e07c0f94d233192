package dev.paperboy.ingest.publish;

/** The result of publishing one paper: canonical id, the version now known, and the outcome. */
public record Published(String id, Integer version, PublishOutcome outcome) {
}

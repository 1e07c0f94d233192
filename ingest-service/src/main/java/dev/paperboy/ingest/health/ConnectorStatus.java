package dev.paperboy.ingest.health;

import org.springframework.boot.health.contributor.Health;

import java.time.Clock;
import java.time.Instant;

/**
 * The last outcome of a connector (Hugging Face, arXiv), shown by the health endpoint. A failing source does not
 * make the service DOWN (files and REST still work, and the next poll may succeed): the status stays UP and the
 * details carry the last error.
 */
public final class ConnectorStatus {

    private final String name;
    private final boolean enabled;
    private final Clock clock;
    private volatile Instant lastSuccess;
    private volatile Instant lastErrorAt;
    private volatile String lastError;

    public ConnectorStatus(String name, boolean enabled, Clock clock) {
        this.name = name;
        this.enabled = enabled;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public void success() {
        lastSuccess = clock.instant();
    }

    public void failure(String message) {
        lastErrorAt = clock.instant();
        lastError = message;
    }

    public String lastError() {
        return lastError;
    }

    public Health health() {
        Health.Builder builder = Health.up().withDetail("enabled", enabled);
        if (lastSuccess != null) {
            builder.withDetail("lastSuccess", lastSuccess.toString());
        }
        if (lastError != null) {
            builder.withDetail("lastError", lastError).withDetail("lastErrorAt", lastErrorAt.toString());
        }
        return builder.build();
    }
}

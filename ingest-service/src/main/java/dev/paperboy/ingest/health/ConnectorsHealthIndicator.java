package dev.paperboy.ingest.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.springframework.beans.factory.ObjectProvider;

/** Health contributor {@code connectors}: each connector's last success and last error. */
@Component("connectorsHealthIndicator")
class ConnectorsHealthIndicator implements HealthIndicator {

    private final ObjectProvider<ConnectorStatus> connectors;

    ConnectorsHealthIndicator(ObjectProvider<ConnectorStatus> connectors) {
        this.connectors = connectors;
    }

    @Override
    public Health health() {
        Health.Builder builder = Health.up();
        connectors.orderedStream().forEach(c -> builder.withDetail(c.name(), c.health().getDetails()));
        return builder.build();
    }
}

package dev.paperboy.notify.health;

import dev.paperboy.notify.NotifyIntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness with the MongoDB ping, the OpenAPI document and the Prometheus metrics. */
class OperationsTest extends NotifyIntegrationTest {

    @Test
    void readinessIncludesTheMongoPing() {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.body()).contains("mongoPing").doesNotContain("\"mongo\":");
    }

    @Test
    void openApiDescribesTheSubscriptionsApi() {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/subscriptions", "/api/subscriptions/unsubscribe",
                "/api/subscriptions/confirm");
    }

    @Test
    void metricsArePublished() {
        await().atMost(WAIT).until(() -> get("/actuator/prometheus").body().contains("notify_subscriptions{"));
        assertThat(get("/actuator/prometheus").body()).contains("notify_subscriptions{state=\"active\"",
                "notify_digests_sent_total", "notify_digests_due_total", "notify_digests_failed_total",
                "notify_mail_sent_total", "notify_mail_send_latency_seconds", "notify_matching_time_seconds");
    }
}

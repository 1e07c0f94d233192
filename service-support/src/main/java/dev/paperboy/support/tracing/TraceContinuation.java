package dev.paperboy.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Continues a paper's trace where no Micrometer observation does it for us: records consumed in batches, and
 * papers that reach an email through a trending snapshot. A trace travels as a W3C {@code traceparent} string
 * (a Kafka header on papers.v1, a field of a trending entry, a field of the catalog's paper document), so one
 * trace id follows a paper from the ingest request through the catalog to the email that carries it.
 */
public final class TraceContinuation {

    /** The W3C trace-context header and field name. */
    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContinuation(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracing: spans are no-ops and no traceparent is produced. */
    public static TraceContinuation noop() {
        return new TraceContinuation(Tracer.NOOP, Propagator.NOOP);
    }

    /**
     * Starts a span as a child of the given trace, or of a new trace when {@code traceparent} is absent or not a
     * valid W3C value (a producer without tracing); the caller ends it.
     */
    public Span startChild(String name, Span.Kind kind, @Nullable String traceparent) {
        Span.Builder builder = traceparent == null || traceparent.isBlank()
                ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        return builder.name(name).kind(kind).start();
    }

    /** The {@code traceparent} that makes a later span a child of {@code span}, or null without tracing. */
    public @Nullable String traceparent(Span span) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** A Kafka header value as text, tolerating the byte[] and String forms header mappers produce. */
    public static @Nullable String headerText(@Nullable Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        return value == null ? null : value.toString();
    }
}

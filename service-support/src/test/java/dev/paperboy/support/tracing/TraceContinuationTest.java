package dev.paperboy.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContinuationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
    private final TraceContinuation traces = otel(provider);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aChildSpanKeepsTheTraceIdAndHandsItOn() {
        Span span = traces.startChild("paperboy.catalog.apply", Span.Kind.CONSUMER, PARENT);
        span.end();

        assertThat(span.context().traceId()).isEqualTo(TRACE_ID);
        assertThat(span.context().parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(traces.traceparent(span)).isEqualTo("00-" + TRACE_ID + "-" + span.context().spanId() + "-01");
    }

    @Test
    void withoutAValidParentASpanStartsANewTrace() {
        for (String parent : new String[] {null, "", "00-not-a-trace-01", "garbage\r\nX-Injected: 1"}) {
            Span span = traces.startChild("paperboy.notify.delivery", Span.Kind.PRODUCER, parent);
            span.end();
            assertThat(span.context().traceId()).hasSize(32).isNotEqualTo(TRACE_ID).isNotEqualTo("0".repeat(32));
            assertThat(traces.traceparent(span)).startsWith("00-" + span.context().traceId() + "-");
        }
    }

    @Test
    void withoutTracingNothingIsProduced() {
        TraceContinuation none = TraceContinuation.noop();
        Span span = none.startChild("x", Span.Kind.CONSUMER, PARENT);
        span.end();
        assertThat(none.traceparent(span)).isNull();
    }

    @Test
    void headerValuesAreReadAsText() {
        assertThat(TraceContinuation.headerText(PARENT.getBytes())).isEqualTo(PARENT);
        assertThat(TraceContinuation.headerText(PARENT)).isEqualTo(PARENT);
        assertThat(TraceContinuation.headerText(null)).isNull();
    }

    private static TraceContinuation otel(SdkTracerProvider provider) {
        io.opentelemetry.api.trace.Tracer otelTracer = provider.get("test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
        OtelTracer tracer = new OtelTracer(otelTracer, current, event -> { },
                new OtelBaggageManager(current, List.of(), List.of()));
        return new TraceContinuation(tracer, new OtelPropagator(propagators, otelTracer));
    }
}

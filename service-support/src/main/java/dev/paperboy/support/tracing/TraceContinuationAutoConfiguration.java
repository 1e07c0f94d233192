package dev.paperboy.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Registers {@link TraceContinuation}: the real tracer when tracing is configured, no-ops otherwise. */
@ConditionalOnClass({Tracer.class, Propagator.class})
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"})
public class TraceContinuationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TraceContinuation traceContinuation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceContinuation(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}

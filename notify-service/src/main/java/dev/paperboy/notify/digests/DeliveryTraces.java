package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.delivery.Digest;
import dev.paperboy.notify.mail.SendOutcome;
import dev.paperboy.support.tracing.TraceContinuation;
import io.micrometer.tracing.Span;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code paperboy.notify.delivery} span per paper per email, in that paper's own trace (the context its trending
 * entry carries), so the trace that began with the paper's ingest ends with the emails that delivered it. Each span
 * covers the SMTP send and is tagged with the email's Message-ID and the outcome.
 */
@Component
class DeliveryTraces {

    private final TraceContinuation traces;

    DeliveryTraces(TraceContinuation traces) {
        this.traces = traces;
    }

    /** Starts the spans of one email's papers. */
    List<Span> start(Digest digest) {
        List<Span> spans = new ArrayList<>(digest.entries().size());
        for (TrendingEntry entry : digest.entries()) {
            Span span = traces.startChild("paperboy.notify.delivery", Span.Kind.PRODUCER, entry.traceparent());
            spans.add(span.tag("paperboy.paper.id", entry.id())
                    .tag("paperboy.digest.frequency", digest.frequency())
                    .tag("messaging.message.id", String.valueOf(digest.messageId())));
        }
        return spans;
    }

    void end(List<Span> spans, SendOutcome outcome) {
        for (Span span : spans) {
            span.tag("paperboy.delivery.outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).end();
        }
    }

    void fail(List<Span> spans, RuntimeException e) {
        for (Span span : spans) {
            span.error(e).end();
        }
    }
}

package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.Source;
import io.micrometer.tracing.Span;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A batch whose changed papers were handed to the producer but not yet acknowledged: what
 * {@link PaperPublisher#send(List)} returns and {@link PaperPublisher#complete(SentBatch)} finishes.
 *
 * @param results  one result per input paper, in input order (valid once the batch is completed)
 * @param sends    the sends in send order, each with the paper id it carries (an id may repeat within a batch)
 * @param changed  the state to store per changed paper id, once every send of that id is acknowledged
 * @param span     the batch's producer span, ended on completion; null when each record has its own observation
 * @param ackWait  how long completing it waits for the acknowledgements
 */
public record SentBatch(Source source, long startedNanos, List<Published> results, List<Send> sends,
                        Map<String, PaperStateStore.State> changed, Span span, Duration ackWait) {

    record Send(String id, CompletableFuture<?> ack) {
    }

    public int size() {
        return results.size();
    }
}

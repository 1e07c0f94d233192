package dev.paperboy.ingest.api;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.normalize.InvalidInputException;
import dev.paperboy.ingest.normalize.PaperReaders;
import dev.paperboy.ingest.normalize.PayloadTooLargeException;
import dev.paperboy.ingest.normalize.ReadResult;
import dev.paperboy.ingest.publish.IngestMetrics;
import dev.paperboy.ingest.publish.PaperPublisher;
import dev.paperboy.ingest.publish.Published;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code POST /api/papers}: one paper in the neutral shape, answered 202 only after Kafka acknowledged it. */
@RestController
class PaperController {

    private final PaperReaders readers;
    private final PaperPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestProperties properties;

    PaperController(PaperReaders readers, PaperPublisher publisher, IngestMetrics metrics,
                    IngestProperties properties) {
        this.readers = readers;
        this.publisher = publisher;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** The answer of a submit: the canonical id, the version now known, and published or unchanged. */
    record SubmitResponse(String id, Integer version, String status) {
        static SubmitResponse of(Published published) {
            return new SubmitResponse(published.id(), published.version(), published.outcome().wireName());
        }
    }

    // the body is read raw so that every bad field can be named, not just the first type mismatch
    @PostMapping(path = "/api/papers", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SubmitResponse> submit(@RequestBody byte[] body) {
        if (body.length > properties.limits().maxRecord().toBytes()) {
            throw new PayloadTooLargeException("a paper must be at most " + properties.limits().maxRecord()
                    .toKilobytes() + " KB");
        }
        metrics.fetched(Source.API, 1);
        String raw = new String(body, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = EventCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            List<Reason> reasons = List.of(new Reason("body", "is not valid JSON: " + e.getOriginalMessage()));
            publisher.reject(Source.API, "POST /api/papers", raw, reasons);
            throw new InvalidInputException(reasons);
        }
        ReadResult result = readers.neutral(node, Source.API);
        if (!result.isValid()) {
            // kept on the rejects topic as well, so that refused input is visible to operators; not awaited
            publisher.reject(Source.API, "POST /api/papers", raw, result.errors());
            throw new InvalidInputException(result.errors());
        }
        return ResponseEntity.accepted().body(SubmitResponse.of(publisher.publish(result.paper())));
    }
}

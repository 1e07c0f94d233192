package dev.paperboy.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * An input ingest-service refused, kept on {@link Topics#INGEST_REJECTS} so that nothing is silently dropped.
 *
 * @param rawPayload       the input as received, cut to {@link #MAX_PAYLOAD_CHARS}
 * @param payloadTruncated whether {@code rawPayload} was cut
 * @param location         where the input came from: a file and line, a URL, a job id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestReject(
        int schemaVersion,
        String eventId,
        Source source,
        String location,
        String rawPayload,
        boolean payloadTruncated,
        List<Reason> reasons,
        Instant rejectedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    public IngestReject {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** Builds a reject, cutting the payload to the bound. */
    public static IngestReject of(String eventId, Source source, String location, String rawPayload,
                                  List<Reason> reasons, Instant rejectedAt) {
        boolean truncated = rawPayload != null && rawPayload.length() > MAX_PAYLOAD_CHARS;
        String kept = truncated ? rawPayload.substring(0, MAX_PAYLOAD_CHARS) : rawPayload;
        return new IngestReject(SCHEMA_VERSION, eventId, source, location, kept, truncated, reasons, rejectedAt);
    }

    /** Why an input was refused: the field (JSON-pointer-like path, or null for the whole record) and the reason. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reason(String field, String message) {
    }
}

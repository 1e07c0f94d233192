package dev.paperboy.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestRejectContractTest {

    @Test
    void roundTripsAndToleratesUnknownFields() {
        IngestReject reject = IngestReject.of("r-1", Source.FILE, "seed.jsonl:7", "{\"title\":",
                List.of(new IngestReject.Reason("title", "must not be blank"),
                        new IngestReject.Reason(null, "truncated JSON")), Instant.parse("2025-12-11T06:00:00Z"));
        assertThat(EventCodec.fromJson(EventCodec.toJson(reject), IngestReject.class)).isEqualTo(reject);

        String newer = """
                {"schemaVersion":3,"eventId":"r","source":"api","rawPayload":"x","reasons":[
                 {"field":"id","message":"bad","code":"E42"}],"rejectedAt":"2025-12-11T06:00:00Z","extra":1}""";
        IngestReject read = EventCodec.fromJson(newer, IngestReject.class);
        assertThat(read.reasons()).containsExactly(new IngestReject.Reason("id", "bad"));
    }

    @Test
    void boundsThePayload() {
        String huge = "x".repeat(IngestReject.MAX_PAYLOAD_CHARS + 10);
        IngestReject reject = IngestReject.of("r", Source.API, null, huge, List.of(), Instant.EPOCH);
        assertThat(reject.rawPayload()).hasSize(IngestReject.MAX_PAYLOAD_CHARS);
        assertThat(reject.payloadTruncated()).isTrue();
    }
}

package dev.paperboy.ingest.files;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.ingest.TopicReader;
import dev.paperboy.support.tracing.TraceContinuation;
import dev.paperboy.testsupport.SamplePapers;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bulk import gives each batch ({@code paperboy.ingest.publish.batch-size}, 100 in tests) one
 * {@code papers.v1 send} span, and every record of the batch carries that span's W3C {@code traceparent}, so the
 * catalog continues the trace. Checked on the records as the broker holds them.
 * <p>
 * Tracing is real here: in Boot 4 the test support that swaps in no-op tracing comes with
 * {@code spring-boot-micrometer-tracing-test} (then {@code @AutoConfigureTracing} turns it back on), which this
 * module does not use, so the service's OpenTelemetry tracer runs as in production. The first assertion guards
 * that: should the no-op tracer ever be wired in, the test says so instead of passing vacuously.
 */
class ImportTracingTest extends IngestTestBase {

    private static final String W3C_TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]";

    @Autowired
    Tracer tracer;

    @Test
    void everyRecordOfABatchCarriesTheTraceparentOfItsBatchSpan() throws Exception {
        assertThat(tracer).as("tracing is on in this test context, not Micrometer's no-op tracer")
                .isNotSameAs(Tracer.NOOP);
        int batchSize = properties.publish().batchSize();
        String seed = SamplePapers.jsonLines().stream()
                .filter(line -> !EventCodec.mapper().readTree(line).get("arxivId").isNull()).findFirst().orElseThrow();
        List<String> ids = new ArrayList<>(); // in file order: the importer batches in file order
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < batchSize * 2 + batchSize / 2; i++) {
            ObjectNode paper = (ObjectNode) EventCodec.mapper().readTree(seed);
            String id = uniqueId();
            ids.add(id);
            paper.put("arxivId", id);
            file.append(paper).append('\n');
        }
        HttpResponse<String> started = send(request("/api/imports?format=jsonl")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(file.toString())));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(
                EventCodec.mapper().readTree(send(request(location).GET()).body()).get("status").asString()));

        Set<String> wanted = Set.copyOf(ids);
        Map<String, String> traceparentById = TopicReader.read(Topics.PAPERS, r -> wanted.contains(r.key()))
                .stream().collect(Collectors.toMap(ConsumerRecord::key, ImportTracingTest::traceparent));
        assertThat(traceparentById).hasSize(ids.size());
        assertThat(traceparentById.values()).allSatisfy(value -> assertThat(value).matches(W3C_TRACEPARENT));

        List<String> batchSpans = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += batchSize) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
            Set<String> values = batch.stream().map(traceparentById::get).collect(Collectors.toSet());
            assertThat(values).as("the records of batch %d carry one traceparent", from / batchSize).hasSize(1);
            Set<String> traceIds = values.stream().map(ImportTracingTest::traceId).collect(Collectors.toSet());
            assertThat(traceIds).hasSize(1);
            batchSpans.add(spanId(values.iterator().next()));
        }
        assertThat(new LinkedHashSet<>(batchSpans)).as("one send span per batch").hasSize(3);
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TraceContinuation.TRACEPARENT);
        assertThat(header).as("traceparent header of %s", record.key()).isNotNull();
        return new String(header.value(), StandardCharsets.US_ASCII);
    }

    private static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String spanId(String traceparent) {
        return traceparent.split("-")[2];
    }
}

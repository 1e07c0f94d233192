package dev.paperboy.system;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf) that the services export their spans to, as
 * they would to an OpenTelemetry collector. It keeps the spans of the traces a test {@link #watch watches}.
 */
final class TraceCollector implements AutoCloseable {

    /** One received span: the service that exported it and its name. */
    record ReceivedSpan(String service, String name, String spanId, String parentSpanId) {
    }

    private final HttpServer server;
    private final Map<String, List<ReceivedSpan>> watched = new ConcurrentHashMap<>();

    TraceCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                receive(ExportTraceServiceRequest.parseFrom(body));
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The endpoint to give the services ({@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT}). */
    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Keeps the spans of this trace (32 hex digits) from now on. */
    void watch(String traceId) {
        watched.putIfAbsent(traceId, new CopyOnWriteArrayList<>());
    }

    List<ReceivedSpan> spans(String traceId) {
        return List.copyOf(watched.getOrDefault(traceId, List.of()));
    }

    Set<String> services(String traceId) {
        return Set.copyOf(spans(traceId).stream().map(ReceivedSpan::service).toList());
    }

    private void receive(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                    .map(v -> v.getStringValue()).findFirst().orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    List<ReceivedSpan> kept = watched.get(hex(span.getTraceId().toByteArray()));
                    if (kept != null) {
                        kept.add(new ReceivedSpan(service, span.getName(), hex(span.getSpanId().toByteArray()),
                                hex(span.getParentSpanId().toByteArray())));
                    }
                }
            }
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

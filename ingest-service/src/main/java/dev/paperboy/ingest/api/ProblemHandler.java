package dev.paperboy.ingest.api;

import com.mongodb.MongoException;
import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.ingest.jobs.JobNotFoundException;
import dev.paperboy.ingest.normalize.InvalidInputException;
import dev.paperboy.ingest.normalize.PayloadTooLargeException;
import dev.paperboy.ingest.publish.KafkaUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every error as RFC 9457 problem+json; validation failures name each bad field in {@code errors}. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://paperboy.dev/problems/";

    private final dev.paperboy.ingest.IngestProperties properties;

    ProblemHandler(dev.paperboy.ingest.IngestProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return validation(e.getMessage(), e.errors());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Payload too large", e.getMessage());
    }

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(UpstreamException.class)
    ProblemDetail upstream(UpstreamException e) {
        return problem(HttpStatus.BAD_GATEWAY, "upstream", "Upstream source failed", e.getMessage());
    }

    /**
     * Not accepted: the client may retry the same request after Retry-After. The producer may still deliver the
     * send later (it retries up to its delivery timeout); a retry then publishes the same content once more, which
     * consumers apply idempotently.
     */
    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<ProblemDetail> kafkaDown(KafkaUnavailableException e) {
        return unavailable("Kafka unavailable",
                "The event store did not acknowledge in time; the paper is not accepted. Retrying is safe.");
    }

    /** MongoDB (paper states, job statuses) unreachable: a retry is safe (re-publishing is idempotent). */
    @ExceptionHandler(MongoException.class)
    ResponseEntity<ProblemDetail> mongoDown(MongoException e) {
        return unavailable("MongoDB unavailable", "The ingest database did not answer. Retry later: retrying is safe.");
    }

    /** 503 with the configured Retry-After. */
    private ResponseEntity<ProblemDetail> unavailable(String title, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(properties.publish().retryAfter().toSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", title, detail));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail body = validation("The request body is not valid JSON",
                List.of(new Reason("body", "is not valid JSON")));
        return ResponseEntity.badRequest().body(body);
    }

    static ProblemDetail validation(String detail, List<Reason> reasons) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid input", detail);
        List<Map<String, String>> errors = reasons.stream().map(r -> {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("field", r.field() == null ? "body" : r.field());
            error.put("message", r.message());
            return error;
        }).toList();
        body.setProperty("errors", errors);
        return body;
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_BASE + type));
        body.setTitle(title);
        return body;
    }
}

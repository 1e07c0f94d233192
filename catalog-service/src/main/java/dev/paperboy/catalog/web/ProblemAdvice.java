package dev.paperboy.catalog.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every error of the catalog's HTTP API as {@code application/problem+json} (RFC 9457): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, and for bad input an {@code errors} array of
 * {@code {field, message}}. Applies to every controller of the service. Never a stack trace, never a 5xx for bad
 * input.
 */
@RestControllerAdvice
public class ProblemAdvice {

    public static final String TYPE_BASE = "https://paperboy.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** One entry of the {@code errors} array. */
    public record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(BadRequestException e, HttpServletRequest request) {
        return validation(request, List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldProblem(leaf(violation.getPropertyPath()), violation.getMessage()));
        }
        return validation(request, errors);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> methodValidation(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error ->
                    errors.add(new FieldProblem(name, error.getDefaultMessage())));
        });
        return validation(request, errors);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> bodyValidation(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(null, error.getDefaultMessage())));
        return validation(request, errors);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        String message = "'" + abbreviate(String.valueOf(e.getValue())) + "' is not a valid " + expected;
        return validation(request, List.of(new FieldProblem(e.getName(), message)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e,
                                                   HttpServletRequest request) {
        return validation(request, List.of(new FieldProblem(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return validation(request, List.of(new FieldProblem(e.getHeaderName(), "header is required")));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", "The request body is not readable JSON",
                request, null);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class, NotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(Exception e, HttpServletRequest request) {
        String detail = e instanceof NotFoundException ? e.getMessage() : "No resource at " + request.getRequestURI();
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, request, null);
    }

    @ExceptionHandler(UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage(), request, null);
    }

    /** Spring MVC's own errors (405, 406, 415, ResponseStatusException, ...) keep their status. */
    @ExceptionHandler({org.springframework.web.ErrorResponseException.class,
            org.springframework.web.HttpRequestMethodNotSupportedException.class,
            org.springframework.web.HttpMediaTypeNotSupportedException.class,
            org.springframework.web.HttpMediaTypeNotAcceptableException.class,
            org.springframework.web.bind.ServletRequestBindingException.class})
    ResponseEntity<ProblemDetail> springError(Exception e, HttpServletRequest request) {
        ErrorResponse error = (ErrorResponse) e;
        HttpStatusCode status = error.getStatusCode();
        if (status.is5xxServerError()) {
            return unexpected(e, request);
        }
        HttpStatus resolved = HttpStatus.resolve(status.value());
        String title = resolved == null ? "Error" : resolved.getReasonPhrase();
        String detail = error.getBody().getDetail();
        return problem(status, slug(title), title, detail, request, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The request could not be completed; it has been logged", request, null);
    }

    private static ResponseEntity<ProblemDetail> validation(HttpServletRequest request, List<FieldProblem> errors) {
        String detail = errors.size() == 1 && errors.getFirst().field() != null
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : "The request has invalid input";
        return problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, request, errors);
    }

    /** A problem response; public so filters and other handlers of the service answer the same way. */
    public static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String type, String title,
                                                        String detail, HttpServletRequest request,
                                                        List<FieldProblem> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_BASE + type));
        body.setTitle(title);
        body.setInstance(instance(request.getRequestURI()));
        if (errors != null) {
            List<Map<String, String>> list = new ArrayList<>();
            for (FieldProblem error : errors) {
                Map<String, String> entry = new java.util.LinkedHashMap<>();
                entry.put("field", error.field());
                entry.put("message", error.message());
                list.add(entry);
            }
            body.setProperty("errors", list);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String leaf(Path path) {
        String leaf = null;
        for (Path.Node node : path) {
            leaf = node.getName();
        }
        return leaf;
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String abbreviate(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }

    private static URI instance(String path) {
        try {
            return URI.create(safePath(path));
        } catch (IllegalArgumentException e) {
            return URI.create("/");
        }
    }

    /** The request path as a relative URI reference, percent-encoding what URI would refuse. */
    private static String safePath(String path) {
        if (path == null) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c < 0x21 || c > 0x7e || "\"<>\\^`{|} ".indexOf(c) >= 0) {
                byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                for (byte b : bytes) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

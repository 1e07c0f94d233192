package dev.paperboy.ingest.huggingface;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.Sleeper;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.publish.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code GET /api/daily_papers?date=…&p=…&limit=…}. Waits as a 429 or an exhausted {@code RateLimit}
 * window asks, retries 5xx and timeouts with exponential backoff, and refuses anything that is not a JSON array
 * (an HTML error page served with 200 included). The retry loop is hand-written rather than a RetryTemplate
 * because the wait comes from the response headers, not from a fixed policy.
 */
class HfClient {

    private static final Logger log = LoggerFactory.getLogger(HfClient.class);

    private final RestClient http;
    private final IngestProperties.HuggingFace settings;
    private final IngestMetrics metrics;
    private final Sleeper sleeper;
    private Duration waitBeforeNext = Duration.ZERO;

    HfClient(IngestProperties.HuggingFace settings, IngestMetrics metrics, Sleeper sleeper) {
        this.settings = settings;
        this.metrics = metrics;
        this.sleeper = sleeper;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout()).build());
        factory.setReadTimeout(settings.readTimeout());
        this.http = RestClient.builder().baseUrl(settings.baseUrl().toString()).requestFactory(factory).build();
    }

    private record Answer(int status, HttpHeaders headers, String contentType, String body) {
    }

    /** The elements of one page; empty means past the end. */
    synchronized List<JsonNode> page(LocalDate date, int page) {
        Duration backoff = settings.initialBackoff();
        String last = "no attempt";
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            pause(waitBeforeNext);
            waitBeforeNext = Duration.ZERO;
            Answer answer;
            try {
                answer = http.get().uri(b -> b.path("/api/daily_papers").queryParam("date", date)
                                .queryParam("p", page).queryParam("limit", settings.pageSize()).build())
                        .accept(MediaType.APPLICATION_JSON)
                        .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                                response.getHeaders(), response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                                new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            } catch (ResourceAccessException e) {
                last = "no answer: " + e.getMessage();
                log.warn("Hugging Face {} page {}: {} (attempt {})", date, page, last, attempt);
                backoff = backOff(backoff);
                continue;
            }
            if (answer.status() == 429) {
                Duration wait = RateLimitHeaders.retryAfter(answer.headers()).orElse(backoff);
                if (wait.compareTo(settings.maxBackoff()) > 0) {
                    throw new UpstreamException("Hugging Face rate limit: asked to wait " + wait.toSeconds()
                            + " s, more than paperboy.ingest.huggingface.max-backoff");
                }
                metrics.rateLimitWait(Source.HUGGINGFACE);
                log.info("Hugging Face rate limit reached; waiting {} ms", wait.toMillis());
                pause(wait);
                last = "429 Too Many Requests";
                continue;
            }
            if (answer.status() >= 500) {
                last = "HTTP " + answer.status();
                log.warn("Hugging Face {} page {}: {} (attempt {})", date, page, last, attempt);
                backoff = backOff(backoff);
                continue;
            }
            if (answer.status() != 200) {
                throw new UpstreamException("Hugging Face answered HTTP " + answer.status() + " for " + date
                        + " page " + page);
            }
            RateLimitHeaders.exhausted(answer.headers()).ifPresent(wait -> {
                metrics.rateLimitWait(Source.HUGGINGFACE);
                waitBeforeNext = wait;
            });
            return elements(answer, date, page);
        }
        throw new UpstreamException("Hugging Face " + date + " page " + page + " failed after "
                + settings.maxAttempts() + " attempts: " + last);
    }

    private static List<JsonNode> elements(Answer answer, LocalDate date, int page) {
        boolean json = answer.contentType() != null
                && MediaType.parseMediaType(answer.contentType()).isCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode root;
        try {
            root = json ? EventCodec.mapper().readTree(answer.body()) : null;
        } catch (JacksonException e) {
            throw new UpstreamException("Hugging Face sent malformed JSON for " + date + " page " + page + ": "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new UpstreamException("Hugging Face answered 200 with " + (json ? "JSON that is not an array"
                    : "content type " + answer.contentType()) + " for " + date + " page " + page);
        }
        List<JsonNode> out = new ArrayList<>(root.size());
        root.forEach(out::add);
        return out;
    }

    private Duration backOff(Duration current) {
        pause(current);
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    private void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted while waiting for Hugging Face");
        }
    }
}

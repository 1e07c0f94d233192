package dev.paperboy.ingest.arxiv;

import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.api.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /api/query} through the service-wide {@link ArxivRateLimiter}: every attempt, retries included, waits
 * its turn. The JDK client gets a single-thread executor so that even a bug elsewhere cannot open parallel
 * connections. Server errors and timeouts are retried; other failures are reported at once.
 */
class ArxivClient {

    private static final Logger log = LoggerFactory.getLogger(ArxivClient.class);

    private final RestClient http;
    private final ArxivRateLimiter limiter;
    private final int maxAttempts;

    ArxivClient(IngestProperties.Arxiv settings, ArxivRateLimiter limiter) {
        this.limiter = limiter;
        this.maxAttempts = settings.maxAttempts();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout()).build());
        factory.setReadTimeout(settings.readTimeout());
        this.http = RestClient.builder().baseUrl(settings.baseUrl().toString()).requestFactory(factory).build();
    }

    private record Answer(int status, String body) {
    }

    ArxivFeed query(Map<String, String> parameters) {
        String last = "no attempt";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Answer answer;
            try {
                answer = limiter.call(() -> http.get()
                        .uri(b -> {
                            // values as URI variables: strictly encoded, so ':', '+' and brackets survive
                            b.path("/api/query");
                            parameters.keySet().forEach(key -> b.queryParam(key, "{" + key + "}"));
                            return b.build(parameters);
                        })
                        .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                                new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8))));
            } catch (ResourceAccessException e) {
                last = "no answer: " + e.getMessage();
                log.warn("arXiv query {}: {} (attempt {})", parameters, last, attempt);
                continue;
            }
            if (answer.status() >= 500) {
                last = "HTTP " + answer.status();
                log.warn("arXiv query {}: {} (attempt {})", parameters, last, attempt);
                continue;
            }
            if (answer.status() != 200) {
                throw new UpstreamException("arXiv answered HTTP " + answer.status() + " for " + parameters);
            }
            return ArxivAtomParser.parse(answer.body());
        }
        throw new UpstreamException("arXiv query failed after " + maxAttempts + " attempts: " + last);
    }
}

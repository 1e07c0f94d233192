package dev.paperboy.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Every {@code paperboy.ingest.*} setting. Connectors are off by default so that nothing external is polled
 * unless asked for; every base URL can be pointed elsewhere (a stub in tests, a mirror in production).
 *
 * @param apiKey      the key admin endpoints expect in {@code X-API-Key}; blank means every admin call is refused
 * @param protectReads whether job status reads need the key too
 * @param importDir   the only directory {@code POST /api/imports/path} may read from; blank refuses path imports
 */
@ConfigurationProperties("paperboy.ingest")
public record IngestProperties(
        String apiKey,
        @DefaultValue("false") boolean protectReads,
        String importDir,
        @DefaultValue Limits limits,
        @DefaultValue Publish publish,
        @DefaultValue HuggingFace huggingface,
        @DefaultValue Arxiv arxiv,
        @DefaultValue Jobs jobs) {

    /** Bounds on input, so that one bad record or upload cannot exhaust memory or the topic's message size. */
    public record Limits(
            @DefaultValue("2GB") DataSize maxUpload,
            @DefaultValue("1MB") DataSize maxRecord,
            @DefaultValue("1000") int maxTitleLength,
            @DefaultValue("20000") int maxAbstractLength,
            @DefaultValue("3000") int maxAuthors) {
    }

    /**
     * @param batchSize       records sent before waiting for their acknowledgements on bulk paths
     * @param ackTimeout      how long a REST caller waits for Kafka before a 503; jobs wait for the producer's
     *                        verdict instead (its {@code delivery.timeout.ms})
     * @param retryAfter      what a 503 tells the client to wait
     * @param maxInFlightBatches bulk batches sent but not yet acknowledged and stored, while the next is read
     */
    public record Publish(
            @DefaultValue("1000") int batchSize,
            @DefaultValue("4") int maxInFlightBatches,
            @DefaultValue("15s") Duration ackTimeout,
            @DefaultValue("10s") Duration retryAfter) {
    }

    /**
     * @param instanceId    this instance's name as the owner of jobs; blank: host name, server port and a random
     *                      suffix, unique per process (jobs a crash leaves RUNNING end INTERRUPTED once stale). A
     *                      set name must differ between instances sharing the database; kept across a restart,
     *                      the instance ends its leftover jobs at start unless another process held the name
     *                      within stale-after. A second live process with the same name is logged as an error
     * @param flushInterval how often a running job's status is stored (and a cancel from elsewhere is seen)
     * @param staleAfter    a RUNNING job whose owner has not reported for this long is marked INTERRUPTED
     * @param shutdownGrace how long a shutdown waits for interrupted jobs to store what they sent
     */
    public record Jobs(
            String instanceId,
            @DefaultValue("1s") Duration flushInterval,
            @DefaultValue("30s") Duration staleAfter,
            @DefaultValue("10s") Duration shutdownGrace) {
    }

    public record HuggingFace(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("https://huggingface.co") URI baseUrl,
            @DefaultValue("15m") Duration pollInterval,
            @DefaultValue("7") int recentDays,
            @DefaultValue("100") int pageSize,
            @DefaultValue("50") int maxPages,
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("2s") Duration initialBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout) {
    }

    public record Arxiv(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("https://export.arxiv.org") URI baseUrl,
            @DefaultValue({"cs.LG", "cs.CL", "cs.AI"}) List<String> categories,
            @DefaultValue("30m") Duration pollInterval,
            @DefaultValue("100") int pageSize,
            @DefaultValue("20") int maxPages,
            @DefaultValue("3s") Duration minInterval,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout) {
    }
}

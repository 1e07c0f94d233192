package dev.paperboy.ingest.arxiv;

import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.Sleeper;
import dev.paperboy.ingest.api.NotFoundException;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.health.ConnectorStatus;
import dev.paperboy.ingest.jobs.Job;
import dev.paperboy.ingest.jobs.JobService;
import dev.paperboy.ingest.jobs.JobSink;
import dev.paperboy.ingest.normalize.PaperRules;
import dev.paperboy.ingest.publish.IngestMetrics;
import dev.paperboy.ingest.publish.KafkaUnavailableException;
import dev.paperboy.ingest.publish.PaperPublisher;
import dev.paperboy.ingest.publish.PublishOutcome;
import dev.paperboy.ingest.publish.Published;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The arXiv connector: incremental polls of the configured categories (newest updates first, stopping at the first
 * entry already published unchanged), single-id fetches and date-range backfills, all through one rate limiter.
 */
@Component
public class ArxivConnector {

    private static final Logger log = LoggerFactory.getLogger(ArxivConnector.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final ArxivClient client;
    private final IngestProperties properties;
    private final PaperRules rules;
    private final PaperPublisher publisher;
    private final JobService jobs;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final ConnectorStatus status;

    ArxivConnector(IngestProperties properties, PaperRules rules, PaperPublisher publisher, JobService jobs,
                   IngestMetrics metrics, Clock clock, Sleeper sleeper,
                   @Qualifier("arxivStatus") ConnectorStatus status) {
        this.properties = properties;
        this.rules = rules;
        this.publisher = publisher;
        this.jobs = jobs;
        this.metrics = metrics;
        this.clock = clock;
        this.status = status;
        this.client = new ArxivClient(properties.arxiv(), new ArxivRateLimiter(clock, sleeper,
                properties.arxiv().minInterval(), metrics));
    }

    /** One scheduled poll; failures are logged and shown by the health endpoint, never thrown. */
    public void poll() {
        Job job = jobs.detached(Job.Type.POLL, "arXiv poll of " + properties.arxiv().categories());
        try {
            fetch(job, categoryQuery(), "lastUpdatedDate", "descending", true);
            metrics.pollSucceeded(Source.ARXIV);
        } catch (UpstreamException | KafkaUnavailableException e) {
            log.warn("arXiv poll failed: {}", e.getMessage());
        }
    }

    /** Papers submitted in [from, to] in the configured categories, oldest first (a backfill job). */
    public void backfill(Job job, LocalDate from, LocalDate to) {
        String query = "(" + categoryQuery() + ") AND submittedDate:[" + from.format(DAY) + "0000 TO "
                + to.format(DAY) + "2359]";
        fetch(job, query, "submittedDate", "ascending", false);
    }

    /** Fetches one paper by id and publishes it (REST). */
    public Published fetchOne(String arxivId) {
        ArxivFeed feed = guarded(() -> client.query(Map.of("id_list", arxivId, "max_results", "1")));
        metrics.fetched(Source.ARXIV, feed.entries().size());
        ArxivEntry entry = feed.entries().stream().filter(e -> e.id() != null).findFirst()
                .orElseThrow(() -> new NotFoundException("arXiv has no paper " + arxivId));
        List<Reason> errors = new ArrayList<>();
        PaperEvent paper = toPaper(entry, errors);
        if (!errors.isEmpty()) {
            publisher.reject(Source.ARXIV, "arxiv:" + arxivId, entry.toString(), errors);
            throw new UpstreamException("arXiv's entry for " + arxivId + " is unusable: " + errors);
        }
        return publisher.publish(paper);
    }

    private void fetch(Job job, String query, String sortBy, String order, boolean stopAtUnchanged) {
        IngestProperties.Arxiv settings = properties.arxiv();
        JobSink sink = new JobSink(job, jobs, publisher, Source.ARXIV, properties.publish());
        guarded(() -> {
            long start = 0;
            for (int page = 0; page < settings.maxPages() && !job.cancelRequested(); page++) {
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put("search_query", query);
                parameters.put("sortBy", sortBy);
                parameters.put("sortOrder", order);
                parameters.put("start", String.valueOf(start));
                parameters.put("max_results", String.valueOf(settings.pageSize()));
                ArxivFeed feed = client.query(parameters);
                metrics.fetched(Source.ARXIV, feed.entries().size());
                List<PaperEvent> papers = new ArrayList<>();
                for (ArxivEntry entry : feed.entries()) {
                    List<Reason> errors = new ArrayList<>();
                    PaperEvent paper = toPaper(entry, errors);
                    if (errors.isEmpty()) {
                        papers.add(paper);
                    } else {
                        sink.reject("arxiv:" + query + "@" + start, entry.toString(), errors);
                    }
                }
                List<Published> results = sink.publishNow(papers);
                start += feed.entries().size();
                job.progress(start, Math.max(feed.totalResults(), start));
                if (stopAtUnchanged && results.stream().anyMatch(r -> r.outcome() == PublishOutcome.UNCHANGED)) {
                    return null; // newest first: everything after this entry was published before
                }
                if (feed.entries().isEmpty() || (feed.totalResults() >= 0 && start >= feed.totalResults())) {
                    return null;
                }
            }
            return null;
        });
        sink.flush();
    }

    private <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            T result = work.get();
            status.success();
            return result;
        } catch (RuntimeException e) {
            status.failure(e.getMessage());
            throw e;
        }
    }

    private String categoryQuery() {
        return properties.arxiv().categories().stream().map(c -> "cat:" + c).collect(Collectors.joining(" OR "));
    }

    PaperEvent toPaper(ArxivEntry entry, List<Reason> errors) {
        if (entry.id() == null) {
            errors.add(new Reason("id", "is not an arXiv id"));
            return null;
        }
        List<String> authors = entry.authors().stream().map(ArxivEntry.Author::name)
                .filter(name -> name != null).toList();
        rules.checkLimits(entry.title(), entry.summary(), authors, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        List<String> affiliations = entry.authors().stream().flatMap(a -> a.affiliations().stream()).distinct()
                .toList();
        return new PaperEvent(PaperEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), entry.id().id(),
                entry.id().version(), entry.title(), entry.summary(), authors, entry.categories(),
                entry.primaryCategory(), null, entry.published(), entry.updated(), null, null, null, null, null,
                null, null, affiliations, entry.doi(), entry.journalRef(), entry.comment(), Source.ARXIV,
                clock.instant());
    }
}

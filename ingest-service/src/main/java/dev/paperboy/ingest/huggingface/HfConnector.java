package dev.paperboy.ingest.huggingface;

import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.Sleeper;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.health.ConnectorStatus;
import dev.paperboy.ingest.jobs.Job;
import dev.paperboy.ingest.jobs.JobService;
import dev.paperboy.ingest.jobs.JobSink;
import dev.paperboy.ingest.normalize.PaperReaders;
import dev.paperboy.ingest.normalize.ReadResult;
import dev.paperboy.ingest.publish.IngestMetrics;
import dev.paperboy.ingest.publish.KafkaUnavailableException;
import dev.paperboy.ingest.publish.PaperPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face Daily Papers connector: pages through days until {@code []} and publishes what changed. A
 * poll covers today and yesterday in UTC (a day's list fills while it is still "today" somewhere) plus the
 * recent days whose upvotes still move, so that trending gets fresh counts; unchanged papers cost no event.
 */
@Component
public class HfConnector {

    private static final Logger log = LoggerFactory.getLogger(HfConnector.class);

    private final HfClient client;
    private final IngestProperties.HuggingFace settings;
    private final IngestProperties properties;
    private final PaperReaders readers;
    private final PaperPublisher publisher;
    private final JobService jobs;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final ConnectorStatus status;

    HfConnector(IngestProperties properties, IngestMetrics metrics, Sleeper sleeper, PaperReaders readers,
                PaperPublisher publisher, JobService jobs, Clock clock,
                @Qualifier("huggingFaceStatus") ConnectorStatus status) {
        this.settings = properties.huggingface();
        this.properties = properties;
        this.client = new HfClient(settings, metrics, sleeper);
        this.readers = readers;
        this.publisher = publisher;
        this.jobs = jobs;
        this.metrics = metrics;
        this.clock = clock;
        this.status = status;
    }

    /** One scheduled poll; failures are logged and shown by the health endpoint, never thrown. */
    public void poll() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < Math.max(2, settings.recentDays()); i++) {
            days.add(today.minusDays(i));
        }
        Job job = jobs.detached(Job.Type.POLL, "Hugging Face poll of " + days.getLast() + ".." + today);
        try {
            fetchDays(job, days);
            metrics.pollSucceeded(Source.HUGGINGFACE);
        } catch (UpstreamException | KafkaUnavailableException e) {
            log.warn("Hugging Face poll failed: {}", e.getMessage());
        }
    }

    /** Fetches and publishes whole days (poll and backfill); throws when the source or Kafka fails. */
    public void fetchDays(Job job, List<LocalDate> days) {
        JobSink sink = new JobSink(job, jobs, publisher, Source.HUGGINGFACE, properties.publish());
        try {
            for (int d = 0; d < days.size() && !job.cancelRequested(); d++) {
                fetchDay(job, days.get(d), sink);
                sink.flush();
                job.progress(d + 1, days.size());
            }
            status.success();
        } catch (RuntimeException e) {
            status.failure(e.getMessage());
            throw e;
        }
    }

    private void fetchDay(Job job, LocalDate date, JobSink sink) {
        for (int page = 0; page < settings.maxPages() && !job.cancelRequested(); page++) {
            List<JsonNode> elements = client.page(date, page);
            if (elements.isEmpty()) {
                return;
            }
            metrics.fetched(Source.HUGGINGFACE, elements.size());
            for (int i = 0; i < elements.size(); i++) {
                JsonNode element = elements.get(i);
                ReadResult result = readers.huggingFace(element, Source.HUGGINGFACE);
                if (result.isValid()) {
                    sink.accept(result.paper());
                } else {
                    sink.reject("huggingface:" + date + ":p" + page + "#" + i, element.toString(),
                            result.errors());
                }
            }
        }
        if (!job.cancelRequested()) {
            job.error("Hugging Face " + date + ": stopped after paperboy.ingest.huggingface.max-pages="
                    + settings.maxPages() + " pages");
        }
    }
}

package dev.paperboy.ingest.backfill;

import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.ingest.arxiv.ArxivConnector;
import dev.paperboy.ingest.huggingface.HfConnector;
import dev.paperboy.ingest.jobs.Job;
import dev.paperboy.ingest.jobs.JobService;
import dev.paperboy.ingest.jobs.JobView;
import dev.paperboy.ingest.normalize.InvalidInputException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/backfills}: a job that fetches a source for a date range. Hugging Face goes day by day (its
 * Daily Papers days); arXiv queries submission dates in the configured categories.
 */
@RestController
class BackfillController {

    static final int MAX_DAYS = 366;

    private final JobService jobs;
    private final HfConnector huggingFace;
    private final ArxivConnector arxiv;

    BackfillController(JobService jobs, HfConnector huggingFace, ArxivConnector arxiv) {
        this.jobs = jobs;
        this.huggingFace = huggingFace;
        this.arxiv = arxiv;
    }

    record BackfillRequest(String source, String from, String to) {
    }

    @PostMapping(path = "/api/backfills", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> start(@RequestBody BackfillRequest body) {
        List<Reason> errors = new ArrayList<>();
        String source = body.source();
        if (source == null || !(source.equals("huggingface") || source.equals("arxiv"))) {
            errors.add(new Reason("source", "must be huggingface or arxiv"));
        }
        LocalDate from = date(body.from(), "from", errors);
        LocalDate to = date(body.to(), "to", errors);
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                errors.add(new Reason("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                errors.add(new Reason("to", "a backfill covers at most " + MAX_DAYS + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String description = source + " backfill " + from + ".." + to;
        Map<String, String> parameters = Map.of("from", from.toString(), "to", to.toString());
        JobView view = "huggingface".equals(source)
                ? jobs.start(Job.Type.BACKFILL, description, source, parameters,
                        job -> huggingFace.fetchDays(job, from.datesUntil(to.plusDays(1)).toList()))
                : jobs.start(Job.Type.BACKFILL, description, source, parameters,
                        job -> arxiv.backfill(job, from, to));
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + view.id())).body(view);
    }

    private static LocalDate date(String text, String field, List<Reason> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new Reason(field, "is required (YYYY-MM-DD)"));
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new Reason(field, "must be a date (YYYY-MM-DD)"));
            return null;
        }
    }
}

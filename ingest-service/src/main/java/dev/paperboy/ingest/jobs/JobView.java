package dev.paperboy.ingest.jobs;

import java.time.Instant;
import java.util.List;

/** The status resource of a job ({@code GET /api/jobs/{id}}). {@code accepted} = published and acknowledged. */
public record JobView(String id, String type, String description, String status, long accepted, long unchanged,
                      long rejected, long processed, double ratePerSecond, Long etaSeconds, List<String> errors,
                      Instant startedAt, Instant finishedAt) {
}

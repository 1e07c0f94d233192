package dev.paperboy.ingest.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status resource of a job ({@code GET /api/jobs/{id}}). {@code accepted} = published and acknowledged.
 * {@code owner} is the instance that runs the job, {@code heartbeatAt} when it last reported; {@code status}
 * INTERRUPTED means that instance stopped before the job ended (run it again: unchanged papers are skipped).
 */
public record JobView(String id, String type, String description, String status, long accepted, long unchanged,
                      long rejected, long processed, double ratePerSecond, Long etaSeconds, List<String> errors,
                      Instant startedAt, Instant finishedAt, String source, Map<String, String> parameters,
                      String owner, boolean cancelRequested, Instant heartbeatAt) {
}

package dev.paperboy.ingest.jobs;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Status ({@code GET}) and cancellation ({@code DELETE}) of imports and backfills. */
@RestController
class JobController {

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/jobs/{id}")
    JobView get(@PathVariable String id) {
        return jobs.get(id);
    }

    @DeleteMapping("/api/jobs/{id}")
    JobView cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }
}

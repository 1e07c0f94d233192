package dev.paperboy.catalog.trending;

import dev.paperboy.catalog.web.BadRequestException;
import dev.paperboy.catalog.web.UnauthorizedException;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.TrendingSnapshot;
import dev.paperboy.contracts.TrendingWindow;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/trending?window=day|week}: the last published snapshot of the window (the trending.v1 JSON), an
 * empty one before the first. {@code POST /api/admin/trending/run} (header {@code X-API-Key}): computes and
 * publishes now, and answers what it did per window.
 */
@RestController
class TrendingController {

    private final TrendingService service;
    private final TrendingJob job;
    private final byte[] apiKey;

    TrendingController(TrendingService service, TrendingJob job,
                       @Value("${paperboy.catalog.api-key}") String apiKey) {
        this.service = service;
        this.job = job;
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @GetMapping(value = "/api/trending", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> trending(@RequestParam(defaultValue = "day") String window) {
        TrendingWindow parsed;
        try {
            parsed = TrendingWindow.fromWireName(window);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("window", "must be day or week");
        }
        TrendingSnapshot snapshot = service.last(parsed)
                .orElse(new TrendingSnapshot(TrendingSnapshot.SCHEMA_VERSION, null, parsed, null, List.of()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(EventCodec.toJson(snapshot));
    }

    /** The admin run's answer. */
    record RunResponse(Instant ranAt, List<TrendingService.WindowResult> windows) {
    }

    @PostMapping("/api/admin/trending/run")
    RunResponse run(@RequestHeader(value = "X-API-Key", required = false) String key) {
        // No configured key means the admin API is closed, never open with a guessable default.
        if (apiKey.length == 0 || key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedException("A valid X-API-Key header is required");
        }
        Instant ranAt = Instant.now();
        List<TrendingService.WindowResult> results = job.runNow(Duration.ofSeconds(30))
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.CONFLICT,
                        "Another instance is computing trending; try again shortly"));
        return new RunResponse(ranAt, results);
    }
}

package dev.paperboy.catalog.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoints that fail in every way {@link ProblemAdvice} handles (scanned into the test context). */
@RestController
class ProblemProbeController {

    record Body(String name) {
    }

    @GetMapping("/test/problems/number")
    int number(@RequestParam int n) {
        return n;
    }

    @GetMapping("/test/problems/limit")
    int limit(@RequestParam @Min(1) @Max(100) int limit) {
        return limit;
    }

    @GetMapping("/test/problems/bad")
    String bad() {
        throw new BadRequestException("sort", "must be one of relevance, recent, upvotes");
    }

    @GetMapping("/test/problems/boom")
    String boom() {
        throw new IllegalStateException("secret internal detail");
    }

    @PostMapping("/test/problems/body")
    String body(@RequestBody Body body) {
        return body.name();
    }
}

package dev.paperboy.ingest.arxiv;

import dev.paperboy.contracts.ArxivId;
import dev.paperboy.ingest.normalize.InvalidInputException;
import dev.paperboy.ingest.publish.Published;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/papers/arxiv/{id}}: fetch one paper from arXiv and publish it. The id may be old-style and so
 * contain a slash ({@code hep-th/9901001}), hence the capture-the-rest pattern.
 */
@RestController
class ArxivController {

    private final ArxivConnector connector;

    ArxivController(ArxivConnector connector) {
        this.connector = connector;
    }

    record FetchResponse(String id, Integer version, String status) {
    }

    @PostMapping("/api/papers/arxiv/{*id}")
    ResponseEntity<FetchResponse> fetch(@PathVariable String id) {
        String raw = id.startsWith("/") ? id.substring(1) : id;
        ArxivId arxivId = ArxivId.parse(raw).orElseThrow(() -> InvalidInputException.of("id",
                "is not an arXiv id (e.g. 2412.07762, 2412.07762v2, hep-th/9901001)"));
        Published published = connector.fetchOne(arxivId.versioned());
        return ResponseEntity.accepted().body(new FetchResponse(published.id(), published.version(),
                published.outcome().wireName()));
    }
}

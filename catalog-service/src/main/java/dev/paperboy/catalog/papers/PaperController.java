package dev.paperboy.catalog.papers;

import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.catalog.web.BadRequestException;
import dev.paperboy.catalog.web.NotFoundException;
import dev.paperboy.contracts.ArxivId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/papers/{id}}: one paper from the store by arXiv id, with or without version
 * ({@code 2412.07762}, {@code 2412.07762v3}) or old style with its slash ({@code hep-th/9901001},
 * {@code math.GT/0309136v2}). The listing, search and similar endpoints under /api/papers belong to the search
 * package; literal segments ({@code search}, {@code similar}) are more specific than these patterns.
 */
@RestController
class PaperController {

    private final PaperStore store;
    private final String publicUrl;

    PaperController(PaperStore store, @Value("${paperboy.catalog.public-url:http://localhost:8082}") String publicUrl) {
        this.store = store;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @GetMapping("/api/papers/{id}")
    PaperResponse byId(@PathVariable String id) {
        return find(id);
    }

    @GetMapping("/api/papers/{archive:[a-z][a-z\\-]*(?:\\.[A-Z]{2})?}/{number:\\d{7}(?:v\\d+)?}")
    PaperResponse byOldStyleId(@PathVariable String archive, @PathVariable String number) {
        return find(archive + "/" + number);
    }

    private PaperResponse find(String raw) {
        ArxivId id = ArxivId.parse(raw).orElseThrow(() -> new BadRequestException("id",
                "not an arXiv id (expected e.g. 2412.07762, 2412.07762v3 or hep-th/9901001)"));
        return store.find(id.id())
                .map(PaperFields::toEvent)
                .map(paper -> PaperResponse.of(paper, publicUrl))
                .orElseThrow(() -> new NotFoundException("No paper " + id.id() + " in the catalog"));
    }
}

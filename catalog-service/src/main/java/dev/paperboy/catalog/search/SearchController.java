package dev.paperboy.catalog.search;

import dev.paperboy.catalog.web.BadRequestException;
import dev.paperboy.catalog.web.NotFoundException;
import dev.paperboy.contracts.ArxivId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Listings, searches and similar papers, all answered by the search index. */
@RestController
@Tag(name = "papers", description = "Listings and full-text search over the catalog")
class SearchController {

    private final PaperSearcher searcher;

    SearchController(PaperSearcher searcher) {
        this.searcher = searcher;
    }

    @GetMapping(value = "/api/papers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List papers",
            description = "A listing is a search without terms: filter by Daily Papers period (at most one of "
                    + "date, week, month), author, category, keyword, organization, from/to, minUpvotes; sort by "
                    + "trending, upvotes or recent (default); page with the opaque nextCursor. total is exact when "
                    + "totalExact is true, else a lower bound.")
    PaperPage list(@ParameterObject PaperQueryParser.Params params) {
        return searcher.search(PaperQueryParser.parse(params, false, Instant.now()));
    }

    @GetMapping(value = "/api/papers/search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Search papers",
            description = "Ranked full-text search (title above keywords, authors and abstract): words must all "
                    + "match (three quarters of them in long queries), \"quoted phrases\", +required, -excluded. "
                    + "Same filters and sorts as the listing, sort=relevance by default; highlights mark matches. "
                    + "total is exact when totalExact is true, else a lower bound (matches beyond 1,000 are not counted).")
    PaperPage search(@ParameterObject PaperQueryParser.Params params) {
        return searcher.search(PaperQueryParser.parse(params, true, Instant.now()));
    }

    record SimilarPapers(List<PaperItem> items) {
    }

    @GetMapping(value = "/api/papers/{id}/similar", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Papers similar to one paper (MoreLikeThis over title, abstract and keywords)")
    SimilarPapers similar(@PathVariable String id,
                              @Parameter(description = "1-100, default 10") @RequestParam(required = false) String limit) {
        return similarTo(id, limit);
    }

    @GetMapping(value = "/api/papers/{archive}/{number}/similar", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Papers similar to an old-style id such as hep-th/9901001")
    SimilarPapers similarOldStyle(@PathVariable String archive, @PathVariable String number,
                                      @RequestParam(required = false) String limit) {
        return similarTo(archive + "/" + number, limit);
    }

    private SimilarPapers similarTo(String id, String limitParam) {
        int limit = 10;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam.strip());
            } catch (NumberFormatException e) {
                throw new BadRequestException("limit", "must be a whole number");
            }
            if (limit < 1 || limit > PaperQuery.MAX_LIMIT) {
                throw new BadRequestException("limit", "must be between 1 and " + PaperQuery.MAX_LIMIT);
            }
        }
        String canonical = ArxivId.parse(id).map(ArxivId::id).orElseThrow(() -> new BadRequestException("id",
                "must be an arXiv id such as 2412.07762, 2412.07762v3 or hep-th/9901001"));
        List<PaperItem> items = searcher.similar(canonical, limit);
        if (items == null) {
            throw new NotFoundException("no paper " + canonical);
        }
        return new SimilarPapers(items);
    }
}

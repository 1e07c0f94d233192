package dev.paperboy.catalog.feeds;

import dev.paperboy.catalog.search.PaperPage;
import dev.paperboy.catalog.search.PaperQuery;
import dev.paperboy.catalog.search.PaperQueryParser;
import dev.paperboy.catalog.search.PaperSearcher;
import dev.paperboy.catalog.search.SearchProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Atom feeds of any listing and any search, with the same parameters as {@code /api/papers} and
 * {@code /api/papers/search}. ETag (hash of the feed) and Last-Modified (its newest entry) make conditional GETs
 * answer 304 (Spring evaluates If-None-Match / If-Modified-Since against them).
 */
@RestController
@Tag(name = "feeds", description = "Atom feeds of listings and searches")
class FeedController {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

    private final PaperSearcher searcher;
    private final String publicUrl;

    FeedController(PaperSearcher searcher, SearchProperties properties) {
        this.searcher = searcher;
        String url = properties.publicUrl();
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @GetMapping(value = "/feeds/papers", produces = {"application/atom+xml", "application/xml", "*/*"})
    @Operation(summary = "Atom feed of a listing (same parameters as GET /api/papers)")
    ResponseEntity<byte[]> papers(@ParameterObject PaperQueryParser.Params params, HttpServletRequest request) {
        PaperQuery query = PaperQueryParser.parse(params, false, Instant.now());
        return feed(query, "Paperboy: papers", "/api/papers", request);
    }

    @GetMapping(value = "/feeds/search", produces = {"application/atom+xml", "application/xml", "*/*"})
    @Operation(summary = "Atom feed of a search (same parameters as GET /api/papers/search)")
    ResponseEntity<byte[]> search(@ParameterObject PaperQueryParser.Params params, HttpServletRequest request) {
        PaperQuery query = PaperQueryParser.parse(params, true, Instant.now());
        return feed(query, "Paperboy: search for " + query.text(), "/api/papers/search", request);
    }

    private ResponseEntity<byte[]> feed(PaperQuery query, String title, String apiPath, HttpServletRequest request) {
        PaperPage page = searcher.search(query);
        String queryString = queryString(request);
        String self = publicUrl + request.getRequestURI() + queryString;
        byte[] body = AtomFeedWriter.write(new AtomFeedWriter.Feed(self, title, self,
                publicUrl + apiPath + queryString, page.items()));
        Instant lastModified = AtomFeedWriter.lastModified(page.items());
        return ResponseEntity.ok()
                .contentType(ATOM)
                .eTag(etag(body))
                .lastModified(lastModified.toEpochMilli())
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
                .body(body);
    }

    /** The request's parameters, sorted by name and URL-encoded (the same feed always has the same URL). */
    static String queryString(HttpServletRequest request) {
        String query = new TreeMap<>(request.getParameterMap()).entrySet().stream()
                .flatMap(e -> Arrays.stream(e.getValue()).map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? "" : "?" + query;
    }

    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

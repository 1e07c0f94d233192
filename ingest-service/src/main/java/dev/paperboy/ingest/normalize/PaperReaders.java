package dev.paperboy.ingest.normalize;

import dev.paperboy.contracts.ArxivId;
import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns one JSON record into a {@link PaperEvent}: the neutral shape of {@code seed-papers.jsonl} (files and
 * {@code POST /api/papers}) and one element of Hugging Face's {@code /api/daily_papers} array (poller and files).
 */
@Component
public class PaperReaders {

    private final PaperRules rules;
    private final Clock clock;

    public PaperReaders(PaperRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** The neutral shape: {@code arxivId, title, abstract, authors, category, categories, publishedDate, ...}. */
    public ReadResult neutral(JsonNode node, Source source) {
        if (node == null || !node.isObject()) {
            return ReadResult.invalid(List.of(new Reason(null, "must be a JSON object")));
        }
        List<Reason> errors = new ArrayList<>();
        Fields f = new Fields(node, "", errors);
        ArxivId arxivId = rules.arxivId(f.string("arxivId"), "arxivId", errors);
        Integer version = f.nonNegativeInt("version");
        if (version != null && version == 0) {
            f.fail("version", "must be at least 1");
        }
        if (arxivId != null && version != null && arxivId.version() != null
                && !arxivId.version().equals(version)) {
            f.fail("version", "contradicts the version in arxivId");
        }
        String title = PaperRules.whitespace(f.string("title"));
        String abstractText = PaperRules.whitespace(f.string("abstract"));
        List<String> authors = f.strings("authors");
        Integer numAuthors = f.nonNegativeInt("numAuthors");
        if (numAuthors != null && authors != null && numAuthors < authors.size()) {
            f.fail("numAuthors", "is smaller than the number of authors given");
        }
        String category = f.string("category");
        PaperRules.checkCategory(category, "category", errors);
        List<String> listed = f.strings("categories");
        if (listed != null) {
            for (int i = 0; i < listed.size(); i++) {
                PaperRules.checkCategory(listed.get(i), "categories/" + i, errors);
            }
        }
        List<String> categories = categories(category, listed);
        Instant publishedAt = f.instant("publishedDate");
        Instant updatedAt = f.instant("updatedAt");
        Integer upvotes = f.nonNegativeInt("upvotes");
        List<String> keywords = f.strings("keywords");
        LocalDate dailyDate = f.date("dailyDate");
        Integer comments = f.nonNegativeInt("comments");
        String githubRepo = blankToNull(f.string("githubRepo"));
        Integer githubStars = f.nonNegativeInt("githubStars");
        String projectPage = blankToNull(f.string("projectPage"));
        String organization = blankToNull(f.string("organization"));
        String doi = blankToNull(f.string("doi"));
        String journalRef = PaperRules.whitespace(f.string("journalRef"));
        String comment = PaperRules.whitespace(f.string("comment"));
        for (String[] text : new String[][] {{"doi", doi}, {"journalRef", journalRef}, {"comment", comment},
                {"organization", organization}, {"githubRepo", githubRepo}, {"projectPage", projectPage}}) {
            PaperRules.checkText(text[1], text[0], errors);
        }
        if (keywords != null) {
            for (int i = 0; i < keywords.size(); i++) {
                PaperRules.checkText(keywords.get(i), "keywords/" + i, errors);
            }
        }
        rules.checkLimits(title, abstractText, authors, errors);
        if (!errors.isEmpty()) {
            return ReadResult.invalid(errors);
        }
        Integer effectiveVersion = version != null ? version : arxivId.version();
        return ReadResult.ok(new PaperEvent(PaperEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), arxivId.id(),
                effectiveVersion, title, abstractText, authors, categories,
                category != null ? category : (categories.isEmpty() ? null : categories.getFirst()), keywords,
                publishedAt, updatedAt, dailyDate, upvotes, comments, githubRepo, githubStars, projectPage,
                organization, doi, journalRef, comment, source, clock.instant()));
    }

    /**
     * One element of {@code GET /api/daily_papers}: {@code {paper:{id, authors[{name}], title, summary, upvotes,
     * ai_keywords, submittedOnDailyAt, ...}, numComments, ...}}. The paper object is authoritative; the top-level
     * title and summary are copies used only when the paper object lacks them.
     */
    public ReadResult huggingFace(JsonNode node, Source source) {
        if (node == null || !node.isObject()) {
            return ReadResult.invalid(List.of(new Reason(null, "must be a JSON object")));
        }
        List<Reason> errors = new ArrayList<>();
        Fields top = new Fields(node, "", errors);
        if (!top.has("paper")) {
            return ReadResult.invalid(List.of(new Reason("paper", "is required")));
        }
        Fields paper = top.nested("paper");
        ArxivId arxivId = rules.arxivId(paper.string("id"), "paper/id", errors);
        String title = PaperRules.whitespace(paper.has("title") ? paper.string("title") : top.string("title"));
        String abstractText = PaperRules.whitespace(
                paper.has("summary") ? paper.string("summary") : top.string("summary"));
        List<Fields> authorNodes = paper.objects("authors");
        List<String> authors = new ArrayList<>();
        if (authorNodes != null) {
            for (Fields author : authorNodes) {
                String name = PaperRules.whitespace(author.string("name"));
                if (name != null) {
                    authors.add(name);
                }
            }
        }
        Instant publishedAt = paper.instant("publishedAt");
        LocalDate dailyDate = paper.date("submittedOnDailyAt");
        Integer upvotes = paper.nonNegativeInt("upvotes");
        Integer comments = top.nonNegativeInt("numComments");
        List<String> keywords = paper.strings("ai_keywords");
        String githubRepo = blankToNull(paper.string("githubRepo"));
        Integer githubStars = paper.nonNegativeInt("githubStars");
        String projectPage = blankToNull(paper.string("projectPage"));
        String organization = organization(paper.has("organization") ? paper.nested("organization")
                : top.has("organization") ? top.nested("organization") : null);
        // HF sends githubStars 0 for papers without a repository: that is "unknown", not "zero stars".
        if (githubRepo == null && githubStars != null && githubStars == 0) {
            githubStars = null;
        }
        rules.checkLimits(title, abstractText, authors, errors);
        if (!errors.isEmpty()) {
            return ReadResult.invalid(errors);
        }
        return ReadResult.ok(new PaperEvent(PaperEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), arxivId.id(),
                arxivId.version(), title, abstractText, authors, List.of(), null, keywords, publishedAt, null,
                dailyDate, upvotes, comments, githubRepo, githubStars, projectPage, organization, null, null, null,
                source, clock.instant()));
    }

    private static String organization(Fields org) {
        if (org == null) {
            return null;
        }
        String fullname = blankToNull(org.string("fullname"));
        return fullname != null ? fullname : blankToNull(org.string("name"));
    }

    private static List<String> categories(String primary, List<String> categories) {
        List<String> out = new ArrayList<>();
        if (primary != null && !primary.isBlank()) {
            out.add(primary.strip());
        }
        if (categories != null) {
            categories.stream().filter(c -> !out.contains(c)).forEach(out::add);
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The UTC day of an instant, as Hugging Face defines its Daily Papers day. */
    public static LocalDate utcDay(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}

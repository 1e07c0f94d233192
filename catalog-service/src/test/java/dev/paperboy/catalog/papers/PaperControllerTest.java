package dev.paperboy.catalog.papers;

import dev.paperboy.catalog.CatalogTest;
import dev.paperboy.catalog.store.PaperStore;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static dev.paperboy.catalog.CatalogTestSupport.id;
import static dev.paperboy.catalog.CatalogTestSupport.paper;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@CatalogTest
class PaperControllerTest {

    private static final String NEW_STYLE = id(2, 1);
    private static final String OLD_STYLE = "hep-th/9901001";
    private static final String OLD_STYLE_SUBJECT = "math.GT/0309136";

    @Autowired
    MockMvc mvc;

    @Autowired
    PaperStore store;

    @BeforeEach
    void storePapers() {
        store.apply(List.of(
                paper(NEW_STYLE, 3, 42, Instant.parse("2025-12-11T08:00:00Z"), LocalDate.of(2025, 12, 11),
                        "Pre-trained initialization revisited"),
                new PaperEvent(1, UUID.randomUUID().toString(), OLD_STYLE, 1, "An old string theory paper",
                        "Strings.", List.of("E. Witten"), List.of("hep-th"), "hep-th", List.of(),
                        Instant.parse("1999-01-04T00:00:00Z"), null, null, null, null, null, null, null, null,
                        "10.1000/old", "Nucl. Phys. B 1 (1999)", "12 pages", Source.ARXIV,
                        Instant.parse("2025-12-11T08:00:00Z")),
                paper(OLD_STYLE_SUBJECT, 2, null, Instant.parse("2025-12-11T08:00:00Z"), null, "Knots")));
    }

    @Test
    void returnsAPaperByItsNewStyleIdWithEveryField() throws Exception {
        mvc.perform(get("/api/papers/{id}", NEW_STYLE))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id").value(NEW_STYLE))
                .andExpect(jsonPath("$.version").value(3))
                .andExpect(jsonPath("$.title").value("Pre-trained initialization revisited"))
                .andExpect(jsonPath("$.abstract").value(startsWith("An abstract about")))
                .andExpect(jsonPath("$.authors[0]").value("Ada Lovelace"))
                .andExpect(jsonPath("$.categories[1]").value("cs.CL"))
                .andExpect(jsonPath("$.primaryCategory").value("cs.LG"))
                .andExpect(jsonPath("$.keywords[0]").value("pre-training"))
                .andExpect(jsonPath("$.publishedAt").value("2025-12-09T17:00:00Z"))
                .andExpect(jsonPath("$.updatedAt").value("2025-12-09T17:00:03Z"))
                .andExpect(jsonPath("$.dailyDate").value("2025-12-11"))
                .andExpect(jsonPath("$.upvotes").value(42))
                .andExpect(jsonPath("$.comments").value(3))
                .andExpect(jsonPath("$.githubRepo").value("https://github.com/example/" + NEW_STYLE))
                .andExpect(jsonPath("$.githubStars").value(42))
                .andExpect(jsonPath("$.organization").value("Example Lab"))
                .andExpect(jsonPath("$.source").value("huggingface"))
                .andExpect(jsonPath("$.links.self").value("http://catalog.test/api/papers/" + NEW_STYLE))
                .andExpect(jsonPath("$.links.arxiv").value("https://arxiv.org/abs/" + NEW_STYLE))
                .andExpect(jsonPath("$.links.pdf").value("https://arxiv.org/pdf/" + NEW_STYLE + "v3"));
    }

    @Test
    void aVersionedIdFindsThePaper() throws Exception {
        mvc.perform(get("/api/papers/{id}", NEW_STYLE + "v1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(NEW_STYLE))
                .andExpect(jsonPath("$.version").value(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/papers/hep-th/9901001", "/api/papers/hep-th/9901001v2",
            "/api/papers/hep-th/9901001v12"})
    void oldStyleIdsWithTheirSlashFindThePaper(String path) throws Exception {
        mvc.perform(get(URI.create(path)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(OLD_STYLE))
                .andExpect(jsonPath("$.doi").value("10.1000/old"))
                .andExpect(jsonPath("$.journalRef").value("Nucl. Phys. B 1 (1999)"))
                .andExpect(jsonPath("$.comment").value("12 pages"))
                .andExpect(jsonPath("$.links.arxiv").value("https://arxiv.org/abs/hep-th/9901001"));
    }

    @Test
    void oldStyleIdsWithASubjectClassFindThePaper() throws Exception {
        mvc.perform(get(URI.create("/api/papers/math.GT/0309136v2")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(OLD_STYLE_SUBJECT))
                .andExpect(jsonPath("$.upvotes").doesNotExist());
    }

    @Test
    void anUnknownPaperIsA404Problem() throws Exception {
        mvc.perform(get("/api/papers/{id}", "2612.99999"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.type").value(startsWith("https://paperboy.dev/problems/")))
                .andExpect(jsonPath("$.detail").value("No paper 2612.99999 in the catalog"))
                .andExpect(jsonPath("$.instance").value("/api/papers/2612.99999"));
        mvc.perform(get(URI.create("/api/papers/astro-ph/0000001")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-id", "12345", "2412.077", "2412.07762v0", "{\"$gt\": \"\"}",
            "{\"$ne\":null}", "' OR 1=1 --"})
    void malformedIdsAre400ProblemsNamingTheField(String id) throws Exception {
        mvc.perform(get("/api/papers/{id}", id))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[0].field").value("id"))
                .andExpect(jsonPath("$.errors[0].message").value(startsWith("not an arXiv id")));
    }

    @Test
    void unknownPathsAre404Problems() throws Exception {
        mvc.perform(get("/api/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
    }
}

package dev.paperboy.catalog.web;

import dev.paperboy.catalog.CatalogTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every error of the API is RFC 9457 problem+json, with field errors for bad input and no stack traces. */
@CatalogTest
class ProblemAdviceTest {

    @Autowired
    MockMvc mvc;

    @Test
    void typeMismatchNamesTheParameter() throws Exception {
        mvc.perform(get("/test/problems/number").param("n", "twelve"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://paperboy.dev/problems/validation"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.instance").value("/test/problems/number"))
                .andExpect(jsonPath("$.errors[0].field").value("n"))
                .andExpect(jsonPath("$.errors[0].message").value("'twelve' is not a valid int"));
    }

    @Test
    void aMissingParameterIsNamed() throws Exception {
        mvc.perform(get("/test/problems/number"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("n"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
    }

    @Test
    void constraintViolationsAreFieldErrors() throws Exception {
        mvc.perform(get("/test/problems/limit").param("limit", "1000"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.errors[0].message").isString());
    }

    @Test
    void badRequestExceptionsCarryTheirField() throws Exception {
        mvc.perform(get("/test/problems/bad"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sort"))
                .andExpect(jsonPath("$.errors[0].message").value("must be one of relevance, recent, upvotes"))
                .andExpect(jsonPath("$.detail").value("sort: must be one of relevance, recent, upvotes"));
    }

    @Test
    void unexpectedErrorsAre500WithoutInternals() throws Exception {
        mvc.perform(get("/test/problems/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(500))
                .andExpect(content().string(not(containsString("secret internal detail"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))))
                .andExpect(content().string(not(containsString("at dev.paperboy"))));
    }

    @Test
    void unreadableBodiesAndWrongMethodsAreProblemsToo() throws Exception {
        mvc.perform(post("/test/problems/body").contentType(MediaType.APPLICATION_JSON).content("{oops"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/test/problems/number"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(405));
    }
}

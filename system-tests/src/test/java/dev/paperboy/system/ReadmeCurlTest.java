package dev.paperboy.system;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadmeCurlTest {

    @Test
    void readsMethodHeadersAndAQuotedJsonBodyAsTheShellWould() {
        ReadmeCurl curl = ReadmeCurl.parse("curl -s -X POST http://localhost:8081/api/papers -H 'X-API-Key: k' "
                + "-H 'Content-Type: application/json' -d '{\"title\":\"An example paper\",\"upvotes\":3}'");

        assertThat(curl.method()).isEqualTo("POST");
        assertThat(curl.port()).isEqualTo(8081);
        assertThat(curl.pathAndQuery()).isEqualTo("/api/papers");
        assertThat(curl.headers()).isEqualTo(Map.of("X-API-Key", "k", "Content-Type", "application/json"));
        assertThat(curl.body()).isEqualTo("{\"title\":\"An example paper\",\"upvotes\":3}");
    }

    @Test
    void aFileBodyMakesAPostAndAPipeOnlyShapesTheOutput() {
        ReadmeCurl upload = ReadmeCurl.parse("curl -s -i 'http://localhost:8081/api/imports?format=jsonl' "
                + "--data-binary @samples/seed-papers.jsonl");
        ReadmeCurl piped = ReadmeCurl.parse("curl -s -i 'http://localhost:8082/feeds/papers?sort=recent' | head -20");

        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.bodyFile()).isEqualTo("samples/seed-papers.jsonl");
        assertThat(upload.pathAndQuery()).isEqualTo("/api/imports?format=jsonl");
        assertThat(piped.method()).isEqualTo("GET");
        assertThat(piped.pathAndQuery()).isEqualTo("/feeds/papers?sort=recent");
    }

    @Test
    void anOptionItDoesNotKnowOrAnUnbalancedQuoteIsAnError() {
        assertThatThrownBy(() -> ReadmeCurl.parse("curl -L http://localhost:8082/api/papers"))
                .hasMessageContaining("-L");
        assertThatThrownBy(() -> ReadmeCurl.parse("curl 'http://localhost:8082/api/papers"))
                .hasMessageContaining("unbalanced quote");
    }
}

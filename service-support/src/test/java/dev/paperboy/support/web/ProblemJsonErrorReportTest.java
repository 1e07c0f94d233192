package dev.paperboy.support.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests Tomcat refuses itself, sent raw over a socket so no client library cleans them up first. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemJsonErrorReportTest.App.class)
class ProblemJsonErrorReportTest {

    @LocalServerPort
    int port;

    @Test
    void encodedSlashIsRefusedAsProblemJson() throws IOException {
        String response = raw("GET /api/papers/..%2F..%2Fetc HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400")
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"status\":400").doesNotContain("<html");
    }

    @Test
    void encodedNulIsRefusedAsProblemJson() throws IOException {
        String response = raw("GET /api/papers/2412.07762%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400")
                .containsIgnoringCase("Content-Type: application/problem+json").doesNotContain("<html");
    }

    @Test
    void applicationAnswersAreUntouched() throws IOException {
        String response = raw("GET /api/papers/2412.07762 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").contains("paper 2412.07762");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SpringBootApplication
    @RestController
    static class App {

        @GetMapping("/api/papers/{id}")
        String paper(@PathVariable String id) {
            return "paper " + id;
        }
    }
}

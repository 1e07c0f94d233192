package dev.paperboy.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the sample papers through ingest-service (an import job per file), waits for the jobs and for the catalog's
 * search index to hold the papers, then asks the catalog to compute trending.
 */
final class SampleLoader {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern REJECTED = Pattern.compile("\"rejected\"\\s*:\\s*(\\d+)");
    private static final Pattern UNCHANGED = Pattern.compile("\"unchanged\"\\s*:\\s*(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;
    private final String catalogUrl;
    private final String apiKey;
    private final PrintStream out;

    SampleLoader(String ingestUrl, String catalogUrl, String apiKey, PrintStream out) {
        this.ingestUrl = ingestUrl;
        this.catalogUrl = catalogUrl;
        this.apiKey = apiKey;
        this.out = out;
    }

    /**
     * Imports the file ({@code format} {@code jsonl} or {@code hf}) and waits for the job; returns how many of its
     * papers were valid (accepted now or unchanged since an earlier import).
     */
    long importFile(Path file, String format, Duration timeout) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(URI.create(ingestUrl + "/api/imports?format=" + format))
                .timeout(Duration.ofSeconds(60))
                .header("X-API-Key", apiKey)
                .header("Content-Type", format.equals("jsonl") ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202 && response.statusCode() != 201 && response.statusCode() != 200) {
            throw new StackException("Import of " + file + " answered HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new StackException("Import answered " + response.statusCode()
                        + " without a Location header: " + response.body()));
        URI job = URI.create(ingestUrl).resolve(location);
        out.println("  import job " + job);
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(job).timeout(Duration.ofSeconds(10))
                    .header("X-API-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
            body = status.body();
            String state = find(STATUS, body);
            if ("COMPLETED".equals(state)) {
                out.println("  import COMPLETED: accepted " + find(ACCEPTED, body) + ", unchanged "
                        + find(UNCHANGED, body) + ", rejected " + find(REJECTED, body));
                return Long.parseLong(find(ACCEPTED, body)) + Long.parseLong(find(UNCHANGED, body));
            }
            if ("FAILED".equals(state) || "CANCELLED".equals(state)) {
                throw new StackException("Import job " + state + ": " + body);
            }
            Thread.sleep(500);
        }
        throw new StackException("Import job not COMPLETED within " + timeout.toSeconds() + " s: " + body);
    }

    /**
     * Waits until the catalog's listings (answered by its search index, which follows MongoDB's change stream)
     * count at least {@code papers}.
     */
    void awaitListed(long papers, Duration timeout) throws IOException, InterruptedException {
        URI listing = URI.create(catalogUrl + "/api/papers?limit=1");
        long deadline = System.nanoTime() + timeout.toNanos();
        String total = "?";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(listing).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            total = find(TOTAL, response.body());
            if (response.statusCode() == 200 && !total.equals("?") && Long.parseLong(total) >= papers) {
                out.println("  catalog lists " + total + " papers");
                return;
            }
            Thread.sleep(200);
        }
        throw new StackException("The catalog listed " + total + " papers after " + timeout.toSeconds()
                + " s, not " + papers);
    }

    /** Asks the catalog to compute and publish trending now. */
    void runTrending() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(catalogUrl + "/api/admin/trending/run"))
                .timeout(Duration.ofSeconds(60))
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new StackException("Trending run answered HTTP " + response.statusCode() + ": " + response.body());
        }
        out.println("  trending computed (HTTP " + response.statusCode() + ")");
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : "?";
    }
}

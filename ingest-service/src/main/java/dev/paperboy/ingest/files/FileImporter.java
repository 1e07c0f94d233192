package dev.paperboy.ingest.files;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.contracts.Source;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.jobs.Job;
import dev.paperboy.ingest.jobs.JobService;
import dev.paperboy.ingest.jobs.JobSink;
import dev.paperboy.ingest.normalize.PaperReaders;
import dev.paperboy.ingest.normalize.ReadResult;
import dev.paperboy.ingest.publish.IngestMetrics;
import dev.paperboy.ingest.publish.PaperPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Streams a file into Kafka record by record: memory stays bounded by one record and one batch whatever the
 * file size. Bad records go to the rejects topic and the job goes on; only an unreadable file ends it.
 */
@Component
class FileImporter {

    // Jackson 3 fails on "trailing tokens" by default, and inside an array the next element is exactly that
    private static final ObjectReader ELEMENT_READER = EventCodec.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int CHUNK_LINES = 500;
    // chunks parsed ahead of the one being published: bounds memory to a few thousand lines
    private static final int CHUNKS_AHEAD = 3;
    // platform threads for the reason JobService's jobs run on them: not queued behind request handlers
    private static final Executor PARSING_THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("import-parse-", 0).daemon().factory());

    private final PaperReaders readers;
    private final PaperPublisher publisher;
    private final JobService jobs;
    private final IngestMetrics metrics;
    private final IngestProperties properties;

    FileImporter(PaperReaders readers, PaperPublisher publisher, JobService jobs, IngestMetrics metrics,
                 IngestProperties properties) {
        this.readers = readers;
        this.publisher = publisher;
        this.jobs = jobs;
        this.metrics = metrics;
        this.properties = properties;
    }

    void run(Job job, Path file, String name, FileFormat format, boolean deleteAfter) {
        JobSink sink = new JobSink(job, jobs, publisher, Source.FILE, properties.publish());
        try (InputStream raw = Files.newInputStream(file);
             CountingBytes in = new CountingBytes(raw, Files.size(file), job)) {
            if (format == FileFormat.JSONL) {
                jsonLines(job, in, name, sink);
            } else {
                hfArray(job, in, name, sink);
            }
            sink.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        } finally {
            if (deleteAfter) {
                deleteQuietly(file);
            }
        }
    }

    /**
     * Reads lines on the job's thread and parses and validates them in chunks on other threads, a few chunks
     * ahead: parsing is the costliest step before publishing, and this way it overlaps with merging and sending.
     * Results are handed to the sink in file order, so a later line of the same paper still wins.
     */
    private void jsonLines(Job job, InputStream in, String name, JobSink sink) throws IOException {
        long maxRecord = properties.limits().maxRecord().toBytes();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Deque<CompletableFuture<List<ParsedLine>>> parsing = new ArrayDeque<>();
        List<String> chunk = new ArrayList<>(CHUNK_LINES);
        long firstLine = 1;
        long lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null && !job.cancelRequested()) {
            lineNumber++;
            chunk.add(line);
            if (chunk.size() == CHUNK_LINES) {
                parsing.add(parseAsync(chunk, name, firstLine, maxRecord));
                chunk = new ArrayList<>(CHUNK_LINES);
                firstLine = lineNumber + 1;
                if (parsing.size() > CHUNKS_AHEAD) {
                    deliver(parsing.poll(), sink);
                }
            }
        }
        if (!chunk.isEmpty()) {
            // the last chunk (a small file's only one) on the job's thread, which would otherwise only wait
            parsing.add(CompletableFuture.completedFuture(parse(chunk, name, firstLine, maxRecord)));
        }
        // a cancelled job publishes nothing more, not even the chunks already parsed
        while (!parsing.isEmpty() && !job.cancelRequested()) {
            deliver(parsing.poll(), sink);
        }
    }

    private CompletableFuture<List<ParsedLine>> parseAsync(List<String> lines, String name, long firstLine,
                                                           long maxRecord) {
        return CompletableFuture.supplyAsync(() -> parse(lines, name, firstLine, maxRecord), PARSING_THREADS);
    }

    private List<ParsedLine> parse(List<String> lines, String name, long firstLine, long maxRecord) {
        List<ParsedLine> parsed = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank()) {
                parsed.add(parseLine(name + ":" + (firstLine + i), line, maxRecord));
            }
        }
        return parsed;
    }

    private ParsedLine parseLine(String location, String line, long maxRecord) {
        if (line.length() > maxRecord) {
            return new ParsedLine(location, line, ReadResult.invalid(List.of(new Reason(null,
                    "record is larger than " + maxRecord + " bytes"))));
        }
        JsonNode node;
        try {
            node = EventCodec.mapper().readTree(line);
        } catch (JacksonException e) {
            return new ParsedLine(location, line, ReadResult.invalid(List.of(new Reason(null, "not valid JSON: "
                    + e.getOriginalMessage()))));
        }
        return new ParsedLine(location, line, readers.neutral(node, Source.FILE));
    }

    private void deliver(CompletableFuture<List<ParsedLine>> chunk, JobSink sink) {
        List<ParsedLine> lines;
        try {
            lines = chunk.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        metrics.fetched(Source.FILE, lines.size());
        for (ParsedLine parsed : lines) {
            if (parsed.result().isValid()) {
                sink.accept(parsed.result().paper());
            } else {
                sink.reject(parsed.location(), parsed.line(), parsed.result().errors());
            }
        }
    }

    private record ParsedLine(String location, String line, ReadResult result) {
    }

    /** Walks the array with the streaming parser and materialises one element at a time. */
    private void hfArray(Job job, InputStream in, String name, JobSink sink) {
        try (JsonParser parser = EventCodec.mapper().createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                sink.reject(name, null, List.of(new Reason(null, "a Hugging Face file must be a JSON array")));
                job.error(name + ": not a JSON array");
                return;
            }
            long index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null
                    && !job.cancelRequested()) {
                String location = name + "#" + index++;
                metrics.fetched(Source.FILE, 1);
                JsonNode node = ELEMENT_READER.readTree(parser);
                ReadResult result = readers.huggingFace(node, Source.FILE);
                if (result.isValid()) {
                    sink.accept(result.paper());
                } else {
                    sink.reject(location, node.toString(), result.errors());
                }
            }
        } catch (JacksonException e) {
            // a syntax error cannot be resynchronised inside one JSON document: keep what was read, report the rest
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            sink.reject(name, null, List.of(new Reason(null, "malformed JSON" + where + ": "
                    + e.getOriginalMessage() + "; the rest of the file was skipped")));
            job.error(name + ": malformed JSON" + where + " (" + e.getOriginalMessage()
                    + "); the rest of the file was skipped");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary upload; the OS cleans its temp directory eventually
        }
    }

    /** Reports bytes read as the job's progress, which gives the ETA of a file import. */
    private static final class CountingBytes extends FilterInputStream {
        private final long total;
        private final Job job;
        private long count;

        CountingBytes(InputStream in, long total, Job job) {
            super(in);
            this.total = total;
            this.job = job;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(int n) {
            count += n;
            job.progress(count, total);
        }
    }
}

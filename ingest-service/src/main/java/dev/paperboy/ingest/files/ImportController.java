package dev.paperboy.ingest.files;

import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.ingest.jobs.Job;
import dev.paperboy.ingest.jobs.JobService;
import dev.paperboy.ingest.jobs.JobView;
import dev.paperboy.ingest.normalize.InvalidInputException;
import dev.paperboy.ingest.normalize.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Starts file imports. An uploaded body is spooled to a temporary file (bounded by
 * {@code paperboy.ingest.limits.max-upload}) so that the job can outlive the request without holding it in memory.
 */
@RestController
class ImportController {

    private final FileImporter importer;
    private final JobService jobs;
    private final IngestProperties properties;

    ImportController(FileImporter importer, JobService jobs, IngestProperties properties) {
        this.importer = importer;
        this.jobs = jobs;
        this.properties = properties;
    }

    @PostMapping(path = "/api/imports", consumes = {"application/x-ndjson", MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<JobView> upload(@RequestParam(required = false) String format, HttpServletRequest request)
            throws IOException {
        MediaType type = request.getContentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                : MediaType.parseMediaType(request.getContentType());
        // without ?format the content type decides: NDJSON is our JSON Lines, a JSON document is an HF array
        FileFormat fileFormat = format != null ? FileFormat.parse(format, "format")
                : type.isCompatibleWith(MediaType.APPLICATION_NDJSON) ? FileFormat.JSONL
                : type.isCompatibleWith(MediaType.APPLICATION_JSON) ? FileFormat.HF
                : FileFormat.parse(null, "format");
        Path spooled = spool(request.getInputStream());
        return start(spooled, "upload", "upload", fileFormat, true);
    }

    @PostMapping(path = "/api/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<JobView> multipart(@RequestParam(required = false) String format,
                                      @RequestParam("file") MultipartFile file) throws IOException {
        FileFormat fileFormat = format != null ? FileFormat.parse(format, "format")
                : inferFromName(file.getOriginalFilename());
        Path spooled;
        try (InputStream in = file.getInputStream()) {
            spooled = spool(in);
        }
        String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
        return start(spooled, name, "upload", fileFormat, true);
    }

    record PathImport(String path, String format) {
    }

    @PostMapping(path = "/api/imports/path", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> fromPath(@RequestBody PathImport body) {
        if (body == null || body.path() == null || body.path().isBlank()) {
            throw InvalidInputException.of("path", "is required");
        }
        FileFormat format = FileFormat.parse(body.format(), "format");
        Path path = insideImportDir(body.path());
        return start(path, path.toString(), "path", format, false);
    }

    /**
     * The file named by {@code requested} (absolute, or relative to the import directory) if it is a readable file
     * inside the configured import directory, symbolic links resolved: an API key must not open every file the
     * process can read (rejects keep raw lines). Nothing outside the directory is even looked at.
     */
    private Path insideImportDir(String requested) {
        if (properties.importDir() == null || properties.importDir().isBlank()) {
            throw InvalidInputException.of("path", "cannot be read: path imports are disabled on this server (set "
                    + "PAPERBOY_INGEST_IMPORT_DIR); upload the file to POST /api/imports instead");
        }
        Path dir = Path.of(properties.importDir()).toAbsolutePath().normalize();
        Path path;
        try {
            path = dir.resolve(requested).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw InvalidInputException.of("path", "is not a valid path");
        }
        if (!path.startsWith(dir)) {
            throw InvalidInputException.of("path", "is outside the import directory " + dir);
        }
        try {
            if (Files.isRegularFile(path) && Files.isReadable(path) && path.toRealPath().startsWith(dir.toRealPath())) {
                return path;
            }
        } catch (IOException e) {
            // unreadable: answered below
        }
        throw InvalidInputException.of("path", "is not a readable file in the import directory " + dir);
    }

    private ResponseEntity<JobView> start(Path file, String name, String source, FileFormat format,
                                          boolean deleteAfter) {
        String formatName = format.name().toLowerCase(Locale.ROOT);
        JobView view;
        try {
            view = jobs.start(Job.Type.IMPORT, formatName + " import of " + name, source,
                    Map.of("format", formatName, "file", name),
                    job -> importer.run(job, file, name, format, deleteAfter));
        } catch (RuntimeException e) {
            if (deleteAfter) { // the job did not start (its status could not be stored): drop the spooled upload
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans its temp directory eventually
                }
            }
            throw e;
        }
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + view.id())).body(view);
    }

    private static FileFormat inferFromName(String name) {
        if (name != null && (name.endsWith(".jsonl") || name.endsWith(".ndjson"))) {
            return FileFormat.JSONL;
        }
        if (name != null && name.endsWith(".json")) {
            return FileFormat.HF;
        }
        return FileFormat.parse(null, "format");
    }

    private Path spool(InputStream in) throws IOException {
        long max = properties.limits().maxUpload().toBytes();
        Path file = Files.createTempFile("paperboy-import-", ".upload");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw new PayloadTooLargeException("upload is larger than "
                            + properties.limits().maxUpload().toMegabytes() + " MB");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return file;
    }
}

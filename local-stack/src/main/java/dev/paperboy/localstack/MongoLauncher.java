package dev.paperboy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.oplog.Oplog;
import dev.paperboy.mongostandin.StandInH2Backend;

/**
 * The embedded Mongo-wire server (mongo-java-server) with the H2 file backend, so data survives a restart, and
 * its oplog enabled, so change streams work. The oplog is capped (see {@link CappedOplog}): every change-stream
 * poll reads all of it, with H2 decoding each entry, so an uncapped one makes the catalog's search index fall
 * further behind the longer the stack runs. It holds the writes of the databases someone watches only: the
 * catalog's; ingest and notify read no change stream ({@link #UNWATCHED_DATABASES}), and a change stream opened
 * on their databases fails (code 40573, as on a MongoDB without an oplog).
 */
public final class MongoLauncher implements AutoCloseable {

    private final Path file;
    private final String host;
    private final int port;
    private final int oplogMaxEntries;
    private final int oplogKeepEntries;
    private H2Backend backend;
    private MongoServer server;

    /**
     * Oplog entries: a trim starts above the first and keeps the second. Every poll reads every entry, so this
     * bounds a poll (H2, ~1.9 KB papers: 10 ms at 12k entries, 20 ms at 20k in ChangeStreamPollBenchmark); 12k
     * entries are a minute or more of history at 100 papers/s, and a search index further behind than that is
     * rebuilt.
     */
    static final int OPLOG_MAX_ENTRIES = 20_000;
    static final int OPLOG_KEEP_ENTRIES = 12_000;

    /**
     * The databases of the services that read no change stream (the stack's ingest and notify): their writes stay
     * out of the oplog, which then neither copies them nor counts them towards its cap (they had trimmed the
     * catalog's history as fast as the catalog's own writes did).
     */
    static final Set<String> UNWATCHED_DATABASES = Set.of("ingest", "notify");

    public MongoLauncher(Path file, String host, int port) {
        this(file, host, port, OPLOG_MAX_ENTRIES, OPLOG_KEEP_ENTRIES);
    }

    MongoLauncher(Path file, String host, int port, int oplogMaxEntries, int oplogKeepEntries) {
        this.file = file.toAbsolutePath();
        this.host = host;
        this.port = port;
        this.oplogMaxEntries = oplogMaxEntries;
        this.oplogKeepEntries = oplogKeepEntries;
    }

    public synchronized MongoLauncher start() throws Exception {
        Files.createDirectories(file.getParent());
        backend = new StandInH2Backend(file.toString(), UNWATCHED_DATABASES) {
            @Override
            protected Oplog createOplog() {
                return new CappedOplog(super.createOplog(),
                        resolveDatabase("local").resolveCollection("oplog.rs", true), getCursorRegistry(),
                        oplogMaxEntries, oplogKeepEntries);
            }
        };
        server = new MongoServer(backend);
        server.enableOplog();
        server.bind(host, port);
        return this;
    }

    public String connectionString() {
        return "mongodb://" + host + ":" + port;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
        if (backend != null) {
            try {
                backend.commit();
            } catch (RuntimeException ignored) {
                // already closed by the server's shutdown
            }
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
            backend = null;
        }
    }
}

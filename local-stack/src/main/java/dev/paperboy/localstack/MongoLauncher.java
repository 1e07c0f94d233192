package dev.paperboy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The embedded Mongo-wire server (mongo-java-server) with the H2 file backend, so data survives a restart, and
 * its oplog enabled, so change streams work.
 */
public final class MongoLauncher implements AutoCloseable {

    private final Path file;
    private final String host;
    private final int port;
    private H2Backend backend;
    private MongoServer server;

    public MongoLauncher(Path file, String host, int port) {
        this.file = file.toAbsolutePath();
        this.host = host;
        this.port = port;
    }

    public synchronized MongoLauncher start() throws Exception {
        Files.createDirectories(file.getParent());
        backend = new H2Backend(file.toString());
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

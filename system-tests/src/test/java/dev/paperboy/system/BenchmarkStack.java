package dev.paperboy.system;

import java.net.URI;

/** Opens the in-process stack to the benchmark harnesses in other packages. */
public final class BenchmarkStack implements AutoCloseable {

    public static final String API_KEY = PaperboyStack.API_KEY;

    private final PaperboyStack stack;

    private BenchmarkStack(PaperboyStack stack) {
        this.stack = stack;
    }

    public static BenchmarkStack start() {
        return new BenchmarkStack(PaperboyStack.inProcess());
    }

    public URI ingestUrl() {
        return stack.ingest.url("/");
    }

    public URI catalogUrl() {
        return stack.catalog.url("/");
    }

    @Override
    public void close() {
        stack.close();
    }
}

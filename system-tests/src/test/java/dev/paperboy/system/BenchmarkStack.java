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

    /** Heap and memory of the three services as they are now. */
    public java.util.List<ServiceFootprint.Figures> footprints() {
        return java.util.stream.Stream.of(stack.ingest, stack.catalog, stack.notify)
                .map(service -> ServiceFootprint.measure(service, Double.NaN)).toList();
    }

    @Override
    public void close() {
        stack.close();
    }
}

package dev.paperboy.system.bench;

import dev.paperboy.system.ServiceFootprint;

/**
 * Footprint of each service: start time and memory when started alone with a 512 MB heap over the in-process
 * broker and Mongo-wire server. (The freshness benchmark prints the same memory figures after its load.)
 * Run through {@code bench/run-all}, which passes the services' runnable jars.
 */
public final class FootprintBenchmark {

    public static void main(String[] args) {
        ExitingMain.run(() -> {
            System.out.println("footprint: each service started alone, -Xmx512m, JDK " + Runtime.version());
            System.out.println("footprint: " + ServiceFootprint.Figures.header());
            for (ServiceFootprint.Figures figures : ServiceFootprint.eachAlone()) {
                System.out.println("footprint: " + figures.line());
            }
        });
    }
}

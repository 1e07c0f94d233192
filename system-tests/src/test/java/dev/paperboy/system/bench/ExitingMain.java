package dev.paperboy.system.bench;

/**
 * Runs a harness's body and ends the JVM either way: the in-process broker's and Mongo-wire server's threads would
 * keep it alive, and a harness that failed halfway then hung instead of reporting (bench/run-all waited on it).
 */
final class ExitingMain {

    interface Body {
        void run() throws Exception;
    }

    private ExitingMain() {
    }

    static void run(Body body) {
        int status = 0;
        try {
            body.run();
        } catch (Throwable failure) {
            System.out.println("benchmark failed: " + failure);
            failure.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }
}

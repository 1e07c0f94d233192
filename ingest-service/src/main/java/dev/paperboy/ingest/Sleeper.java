package dev.paperboy.ingest;

import java.time.Duration;

/** Waiting, behind an interface so that rate limits and backoff are tested with a controllable clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}

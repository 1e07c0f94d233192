package dev.paperboy.ingest.publish;

import java.util.List;

/**
 * Kafka did not acknowledge in time: the failed sends do not count as accepted; the caller may retry. A batch's
 * papers that Kafka did acknowledge, and whose state was stored, are in {@link #acknowledged()} (with the batch's
 * unchanged ones), so a job can count them: a re-run finds them unchanged.
 */
public class KafkaUnavailableException extends RuntimeException {

    private final transient List<Published> acknowledged;

    public KafkaUnavailableException(String message, Throwable cause) {
        this(message, cause, List.of());
    }

    KafkaUnavailableException(String message, Throwable cause, List<Published> acknowledged) {
        super(message, cause);
        this.acknowledged = List.copyOf(acknowledged);
    }

    /** The results of the failed batch that did take effect: published and stored, or unchanged. */
    public List<Published> acknowledged() {
        return acknowledged;
    }
}

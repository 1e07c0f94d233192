package dev.paperboy.ingest.publish;

/** Kafka did not acknowledge in time: nothing of the failed send counts as accepted; the caller may retry. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

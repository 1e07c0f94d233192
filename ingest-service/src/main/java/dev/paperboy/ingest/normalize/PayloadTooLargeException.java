package dev.paperboy.ingest.normalize;

/** An upload or record over its configured limit: 413 problem+json. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}

package dev.paperboy.catalog.apply;

/** A papers.v1 record that can never be applied; its message is the reason written to the dead-letter topic. */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

package dev.paperboy.notify.tokens;

/** A link token that is malformed, forged, altered, expired or of the wrong purpose. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String reason) {
        super(reason);
    }
}

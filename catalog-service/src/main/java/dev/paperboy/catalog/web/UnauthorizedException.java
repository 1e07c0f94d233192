package dev.paperboy.catalog.web;

/** A request without valid credentials (the admin API key): answered as a 401 problem+json. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message);
    }
}

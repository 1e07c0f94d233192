package dev.paperboy.catalog.web;

/** A resource that does not exist: answered as a 404 problem+json. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}

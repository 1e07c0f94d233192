package dev.paperboy.ingest.api;

/** A requested thing does not exist upstream (e.g. an arXiv id arXiv does not know): 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}

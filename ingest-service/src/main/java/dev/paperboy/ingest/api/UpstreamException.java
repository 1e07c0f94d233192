package dev.paperboy.ingest.api;

/** A source (arXiv, Hugging Face) failed or answered something unusable: 502 for a REST caller. */
public class UpstreamException extends RuntimeException {

    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}

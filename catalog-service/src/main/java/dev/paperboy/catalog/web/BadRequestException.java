package dev.paperboy.catalog.web;

/**
 * Bad input a controller found itself: answered as a 400 problem+json naming {@link #field()} in its
 * {@code errors} array (see {@link ProblemAdvice}).
 */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request parameter or path variable at fault, or null for the request as a whole. */
    public String field() {
        return field;
    }
}

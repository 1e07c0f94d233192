package dev.paperboy.ingest.normalize;

import dev.paperboy.contracts.IngestReject.Reason;

import java.util.List;

/** Bad client input, answered with 400 problem+json naming every bad field. */
public class InvalidInputException extends RuntimeException {

    private final List<Reason> errors;

    public InvalidInputException(List<Reason> errors) {
        super(errors.isEmpty() ? "invalid input" : describe(errors));
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new Reason(field, message)));
    }

    public List<Reason> errors() {
        return errors;
    }

    private static String describe(List<Reason> errors) {
        Reason first = errors.getFirst();
        return (first.field() == null ? "" : first.field() + " ") + first.message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }
}

package dev.paperboy.ingest.normalize;

import dev.paperboy.contracts.IngestReject.Reason;
import dev.paperboy.contracts.PaperEvent;

import java.util.List;

/** A record read from some source: either a paper ready to publish or the reasons it is refused. */
public record ReadResult(PaperEvent paper, List<Reason> errors) {

    public ReadResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ReadResult ok(PaperEvent paper) {
        return new ReadResult(paper, List.of());
    }

    public static ReadResult invalid(List<Reason> errors) {
        return new ReadResult(null, errors);
    }

    public boolean isValid() {
        return paper != null && errors.isEmpty();
    }
}

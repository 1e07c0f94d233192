package dev.paperboy.catalog.apply;

import dev.paperboy.contracts.ArxivId;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;

/** Decodes papers.v1 payloads with {@link EventCodec} and rejects what can never be applied. */
final class PaperDecoder {

    private PaperDecoder() {
    }

    /** The event with its canonical id (a versioned id gives its version when the event has none). */
    static PaperEvent decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new PoisonRecordException("empty payload (tombstone or blank record)", null);
        }
        PaperEvent event;
        try {
            event = EventCodec.fromJson(payload, PaperEvent.class);
        } catch (RuntimeException e) {
            throw new PoisonRecordException("undecodable JSON: " + firstLine(e.getMessage()), e);
        }
        if (event == null) {
            throw new PoisonRecordException("undecodable JSON: null payload", null);
        }
        if (event.id() == null || event.id().isBlank()) {
            throw new PoisonRecordException("missing id", null);
        }
        ArxivId arxivId = ArxivId.parse(event.id())
                .orElseThrow(() -> new PoisonRecordException("id '" + cut(event.id()) + "' is not an arXiv id", null));
        if (arxivId.id().equals(event.id())) {
            return event;
        }
        Integer version = event.version() != null ? event.version() : arxivId.version();
        return new PaperEvent(event.schemaVersion(), event.eventId(), arxivId.id(), version, event.title(),
                event.abstractText(), event.authors(), event.categories(), event.primaryCategory(), event.keywords(),
                event.publishedAt(), event.updatedAt(), event.dailyDate(), event.upvotes(), event.comments(),
                event.githubRepo(), event.githubStars(), event.projectPage(), event.organization(),
                event.affiliations(), event.doi(), event.journalRef(), event.comment(), event.source(),
                event.observedAt());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return cut(newline < 0 ? message : message.substring(0, newline));
    }

    private static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}

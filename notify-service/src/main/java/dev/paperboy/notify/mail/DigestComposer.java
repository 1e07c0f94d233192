package dev.paperboy.notify.mail;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.IdentityKey;
import org.unbescape.html.HtmlEscape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Digest emails for one sending run, rendered by Thymeleaf without rendering the same thing twice: each paper's
 * HTML block ({@code mail/digest-paper.html}, every value escaped there) and text block
 * ({@code mail/digest-paper.txt}, after its number in the digest) once, the layout around them ({@code mail/digest.*}) once per frequency and
 * paper count with markers in the places of the papers and the links. Per subscriber only the links (with their
 * tokens, HTML-escaped as Thymeleaf escapes attributes) are filled in. A digest's parts are the rendered pieces
 * themselves ({@link TextPiece}), so a paper's block is also encoded once per run (per place, for the numbered text
 * block), however many digests carry it. Thread-safe; holds what it rendered, so it lives as long as one run.
 */
public final class DigestComposer {

    private static final String PAPERS = "paperboyslotpapers";
    private static final String PREFERENCES = "paperboyslotpreferencesurl";
    private static final String UNSUBSCRIBE = "paperboyslotunsubscribeurl";

    private final MailRenderer renderer;
    /**
     * Each paper's blocks, by the entry object: a run's digests share the entry objects of its papers, and a
     * record's hashCode and equals go through every field (lists included) at each of a digest's lookups. An equal
     * entry in another object is rendered again, to the same blocks.
     */
    private final Map<IdentityKey<TrendingEntry>, PaperBlocks> papers = new ConcurrentHashMap<>();
    private final Map<LayoutKey, Layout> layouts = new ConcurrentHashMap<>();

    /**
     * One paper rendered: its HTML block, and its text block (without its number) as a piece per place in a digest
     * ({@code "3. " + text}), each made when a digest first has the paper in that place.
     */
    private record PaperBlocks(TextPiece html, String text, AtomicReferenceArray<TextPiece> numbered) {

        PaperBlocks(String html, String text) {
            this(new TextPiece(html), text, new AtomicReferenceArray<>(NUMBERED_PLACES));
        }

        TextPiece numbered(int place) {
            if (place >= numbered.length()) {
                return new TextPiece(place + 1 + ". " + text);
            }
            TextPiece piece = numbered.get(place);
            if (piece == null) {
                // two threads may both make it: the same text either way
                piece = new TextPiece(place + 1 + ". " + text);
                numbered.set(place, piece);
            }
            return piece;
        }
    }

    /** Places in a digest whose numbered text block is kept (subscriptions take at most 50 papers). */
    private static final int NUMBERED_PLACES = 64;

    private record LayoutKey(String frequency, int papers) {
    }

    /** A rendered layout split at its markers: literal text, then a slot, then literal text, ... */
    private record Layout(String subject, List<TextPiece> htmlParts, List<String> htmlSlots,
                          List<TextPiece> textParts, List<String> textSlots) {
    }

    DigestComposer(MailRenderer renderer) {
        this.renderer = renderer;
    }

    public RenderedMail compose(List<TrendingEntry> entries, String frequency, String preferencesUrl,
                                String unsubscribeUrl) {
        Layout layout = layouts.computeIfAbsent(new LayoutKey(frequency, entries.size()), this::layout);
        List<TextPiece> htmlPapers = new ArrayList<>(entries.size());
        List<TextPiece> textPapers = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            PaperBlocks paper = papers.computeIfAbsent(new IdentityKey<>(entries.get(i)), this::render);
            htmlPapers.add(paper.html());
            // the number in front of each paper in the text part is its place in this digest
            textPapers.add(paper.numbered(i));
        }
        Map<String, List<TextPiece>> html = Map.of(PAPERS, htmlPapers,
                PREFERENCES, List.of(new TextPiece(HtmlEscape.escapeHtml4Xml(preferencesUrl))),
                UNSUBSCRIBE, List.of(new TextPiece(HtmlEscape.escapeHtml4Xml(unsubscribeUrl))));
        Map<String, List<TextPiece>> text = Map.of(PAPERS, textPapers,
                PREFERENCES, List.of(new TextPiece(preferencesUrl)),
                UNSUBSCRIBE, List.of(new TextPiece(unsubscribeUrl)));
        return new RenderedMail(layout.subject(), fill(layout.textParts(), layout.textSlots(), text),
                fill(layout.htmlParts(), layout.htmlSlots(), html));
    }

    private PaperBlocks render(IdentityKey<TrendingEntry> key) {
        Map<String, Object> model = Map.of("paper", MailRenderer.PaperView.of(key.value()));
        return new PaperBlocks(renderer.html("mail/digest-paper", model), renderer.text("mail/digest-paper", model));
    }

    private Layout layout(LayoutKey key) {
        String subject = "Paperboy " + key.frequency() + " digest: " + key.papers() + " trending paper"
                + (key.papers() == 1 ? "" : "s");
        Map<String, Object> model = Map.of("papers", PAPERS, "subject", subject, "preferencesUrl", PREFERENCES,
                "unsubscribeUrl", UNSUBSCRIBE, "frequency", key.frequency());
        List<String> htmlParts = new ArrayList<>();
        List<String> htmlSlots = new ArrayList<>();
        split(renderer.html("mail/digest", model), htmlParts, htmlSlots);
        List<String> textParts = new ArrayList<>();
        List<String> textSlots = new ArrayList<>();
        split(renderer.text("mail/digest", model), textParts, textSlots);
        return new Layout(subject, htmlParts.stream().map(TextPiece::new).toList(), List.copyOf(htmlSlots),
                textParts.stream().map(TextPiece::new).toList(), List.copyOf(textSlots));
    }

    /** Splits {@code rendered} at the markers: parts.size() == slots.size() + 1. */
    private static void split(String rendered, List<String> parts, List<String> slots) {
        int from = 0;
        while (true) {
            int next = -1;
            String slot = null;
            for (String marker : List.of(PAPERS, PREFERENCES, UNSUBSCRIBE)) {
                int at = rendered.indexOf(marker, from);
                if (at >= 0 && (next < 0 || at < next)) {
                    next = at;
                    slot = marker;
                }
            }
            if (slot == null) {
                parts.add(rendered.substring(from));
                return;
            }
            parts.add(rendered.substring(from, next));
            slots.add(slot);
            from = next + slot.length();
        }
    }

    /** The layout's literal pieces with each slot's pieces in its place (empty pieces left out). */
    private static List<TextPiece> fill(List<TextPiece> parts, List<String> slots,
                                        Map<String, List<TextPiece>> values) {
        List<TextPiece> pieces = new ArrayList<>(parts.size() + slots.size() + values.get(PAPERS).size());
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).text().isEmpty()) {
                pieces.add(parts.get(i));
            }
            if (i < slots.size()) {
                pieces.addAll(values.get(slots.get(i)));
            }
        }
        return pieces;
    }
}

package dev.paperboy.notify.mail;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.IdentityKey;
import org.unbescape.html.HtmlEscape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Digest emails for one sending run, rendered by Thymeleaf without rendering the same thing twice: each paper's
 * HTML block ({@code mail/digest-paper.html}, every value escaped there) and text block
 * ({@code mail/digest-paper.txt}, after its number in the digest) once, the layout around them ({@code mail/digest.*}) once per frequency and
 * paper count with markers in the places of the papers and the links. Per subscriber only the links (with their
 * tokens, HTML-escaped as Thymeleaf escapes attributes) are filled in. Thread-safe; holds what it rendered, so it
 * lives as long as one run.
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

    /** One paper rendered: its HTML block and its text block (without its number). */
    private record PaperBlocks(String html, String text) {
    }

    private record LayoutKey(String frequency, int papers) {
    }

    /** A rendered layout split at its markers: literal text, then a slot, then literal text, ... */
    private record Layout(String subject, List<String> htmlParts, List<String> htmlSlots, List<String> textParts,
                          List<String> textSlots) {
    }

    DigestComposer(MailRenderer renderer) {
        this.renderer = renderer;
    }

    public RenderedMail compose(List<TrendingEntry> entries, String frequency, String preferencesUrl,
                                String unsubscribeUrl) {
        Layout layout = layouts.computeIfAbsent(new LayoutKey(frequency, entries.size()), this::layout);
        PaperBlocks[] blocks = new PaperBlocks[entries.size()];
        int htmlLength = 0;
        int textLength = 0;
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = papers.computeIfAbsent(new IdentityKey<>(entries.get(i)), this::render);
            htmlLength += blocks[i].html().length();
            textLength += blocks[i].text().length() + 8;
        }
        // sized up front: a builder that grows copies what it holds each time (an email's parts are kilobytes)
        StringBuilder htmlPapersBlock = new StringBuilder(htmlLength);
        StringBuilder textPapersBlock = new StringBuilder(textLength);
        for (int i = 0; i < blocks.length; i++) {
            PaperBlocks paper = blocks[i];
            htmlPapersBlock.append(paper.html());
            // the number in front of each paper in the text part is its place in this digest
            textPapersBlock.append(i + 1).append(". ").append(paper.text());
        }
        Map<String, String> html = Map.of(PAPERS, htmlPapersBlock.toString(),
                PREFERENCES, HtmlEscape.escapeHtml4Xml(preferencesUrl),
                UNSUBSCRIBE, HtmlEscape.escapeHtml4Xml(unsubscribeUrl));
        Map<String, String> text = Map.of(PAPERS, textPapersBlock.toString(), PREFERENCES, preferencesUrl,
                UNSUBSCRIBE, unsubscribeUrl);
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
        return new Layout(subject, List.copyOf(htmlParts), List.copyOf(htmlSlots), List.copyOf(textParts),
                List.copyOf(textSlots));
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

    private static String fill(List<String> parts, List<String> slots, Map<String, String> values) {
        int length = 0;
        for (String part : parts) {
            length += part.length();
        }
        for (String slot : slots) {
            length += values.get(slot).length();
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < slots.size(); i++) {
            out.append(parts.get(i)).append(values.get(slots.get(i)));
        }
        return out.append(parts.getLast()).toString();
    }
}

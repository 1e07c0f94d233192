package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;

import java.util.List;

/**
 * Makes one paper out of observations from several sources. Which source wins which field:
 * <ul>
 *   <li><b>Bibliographic fields</b> (version, title, abstract, authors, categories, primary category, published and
 *   updated times, DOI, journal ref, comment, affiliations): arXiv wins, because it is the paper's registry. Other sources (HF,
 *   file, api) fill fields that are still empty, and replace them only while no arXiv observation has been seen
 *   or when they carry a higher version than the stored one.</li>
 *   <li><b>Community fields</b> (upvotes, comments, keywords, GitHub repo and stars, project page, organization,
 *   daily date): the latest observation that carries a value wins (in practice Hugging Face; arXiv never carries
 *   them, and null means "this source does not know", so it never erases them).</li>
 * </ul>
 */
final class PaperMerger {

    private PaperMerger() {
    }

    /** The merged paper and whether its bibliographic fields now come from arXiv. */
    record Merged(PaperEvent paper, boolean bibliographicFromArxiv) {
    }

    static Merged merge(PaperEvent previous, boolean previousFromArxiv, PaperEvent incoming) {
        boolean fromArxiv = incoming.source() == Source.ARXIV;
        if (previous == null) {
            return new Merged(incoming, fromArxiv);
        }
        boolean higherVersion = incoming.version() != null
                && (previous.version() == null || incoming.version() > previous.version());
        boolean lowerVersion = incoming.version() != null && previous.version() != null
                && incoming.version() < previous.version();
        boolean takeBib = !lowerVersion && (fromArxiv || !previousFromArxiv || higherVersion);
        PaperEvent bib = takeBib ? incoming : previous;
        PaperEvent other = takeBib ? previous : incoming;
        return new Merged(new PaperEvent(PaperEvent.SCHEMA_VERSION, incoming.eventId(), incoming.id(),
                max(previous.version(), incoming.version()),
                first(bib.title(), other.title()),
                first(bib.abstractText(), other.abstractText()),
                firstList(bib.authors(), other.authors()),
                firstList(bib.categories(), other.categories()),
                first(bib.primaryCategory(), other.primaryCategory()),
                firstList(incoming.keywords(), previous.keywords()),
                first(bib.publishedAt(), other.publishedAt()),
                first(bib.updatedAt(), other.updatedAt()),
                first(incoming.dailyDate(), previous.dailyDate()),
                first(incoming.upvotes(), previous.upvotes()),
                first(incoming.comments(), previous.comments()),
                first(incoming.githubRepo(), previous.githubRepo()),
                first(incoming.githubStars(), previous.githubStars()),
                first(incoming.projectPage(), previous.projectPage()),
                first(incoming.organization(), previous.organization()),
                firstList(bib.affiliations(), other.affiliations()),
                first(bib.doi(), other.doi()),
                first(bib.journalRef(), other.journalRef()),
                first(bib.comment(), other.comment()),
                incoming.source(), incoming.observedAt()),
                previousFromArxiv || (fromArxiv && takeBib));
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static List<String> firstList(List<String> preferred, List<String> fallback) {
        return preferred != null && !preferred.isEmpty() ? preferred : fallback;
    }

    private static Integer max(Integer a, Integer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.max(a, b);
    }
}

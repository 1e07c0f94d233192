package dev.paperboy.ingest.arxiv;

import dev.paperboy.contracts.ArxivId;
import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.ingest.normalize.PaperRules;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an arXiv Atom feed with StAX. The XML parser decodes entities ({@code &amp;}, {@code &#233;}) once;
 * LaTeX is text and stays as written. DTDs and external entities are off (XXE). Anything that is not a complete
 * Atom feed (truncated XML, an HTML page, an arXiv error entry) is an {@link UpstreamException}.
 */
final class ArxivAtomParser {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String ARXIV = "http://arxiv.org/schemas/atom";
    static final String OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/";

    private static final XMLInputFactory FACTORY = factory();

    private ArxivAtomParser() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    static ArxivFeed parse(String xml) {
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return feed(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new UpstreamException("arXiv sent an unreadable feed: " + e.getMessage(), e);
        }
    }

    private static ArxivFeed feed(XMLStreamReader r) throws XMLStreamException {
        r.nextTag();
        if (!ATOM.equals(r.getNamespaceURI()) || !"feed".equals(r.getLocalName())) {
            throw new UpstreamException("arXiv answered <" + r.getLocalName() + "> instead of an Atom feed");
        }
        long total = -1;
        long start = 0;
        long perPage = 0;
        List<ArxivEntry> entries = new ArrayList<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String ns = r.getNamespaceURI();
            String name = r.getLocalName();
            if (OPENSEARCH.equals(ns) && "totalResults".equals(name)) {
                total = number(r.getElementText());
            } else if (OPENSEARCH.equals(ns) && "startIndex".equals(name)) {
                start = number(r.getElementText());
            } else if (OPENSEARCH.equals(ns) && "itemsPerPage".equals(name)) {
                perPage = number(r.getElementText());
            } else if (ATOM.equals(ns) && "entry".equals(name)) {
                entries.add(entry(r));
            } else {
                skip(r);
            }
        }
        return new ArxivFeed(total, start, perPage, entries);
    }

    private static ArxivEntry entry(XMLStreamReader r) throws XMLStreamException {
        String idText = null;
        String title = null;
        String summary = null;
        List<ArxivEntry.Author> authors = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        String primary = null;
        Instant published = null;
        Instant updated = null;
        String doi = null;
        String journalRef = null;
        String comment = null;
        String abs = null;
        String pdf = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String ns = r.getNamespaceURI();
            String name = r.getLocalName();
            if (ATOM.equals(ns)) {
                switch (name) {
                    case "id" -> idText = r.getElementText().strip();
                    case "title" -> title = PaperRules.whitespace(r.getElementText());
                    case "summary" -> summary = PaperRules.whitespace(r.getElementText());
                    case "published" -> published = instant(r.getElementText());
                    case "updated" -> updated = instant(r.getElementText());
                    case "author" -> authors.add(author(r));
                    case "category" -> {
                        addCategory(categories, r.getAttributeValue(null, "term"));
                        skip(r);
                    }
                    case "link" -> {
                        String rel = r.getAttributeValue(null, "rel");
                        String href = r.getAttributeValue(null, "href");
                        if ("pdf".equals(r.getAttributeValue(null, "title"))) {
                            pdf = href;
                        } else if ("alternate".equals(rel)) {
                            abs = href;
                        }
                        skip(r);
                    }
                    default -> skip(r);
                }
            } else if (ARXIV.equals(ns)) {
                switch (name) {
                    case "primary_category" -> {
                        primary = r.getAttributeValue(null, "term");
                        skip(r);
                    }
                    case "doi" -> doi = PaperRules.whitespace(r.getElementText());
                    case "journal_ref" -> journalRef = PaperRules.whitespace(r.getElementText());
                    case "comment" -> comment = PaperRules.whitespace(r.getElementText());
                    default -> skip(r);
                }
            } else {
                skip(r);
            }
        }
        if (idText != null && idText.contains("arxiv.org/api/errors")) {
            throw new UpstreamException("arXiv reported an error: " + (summary != null ? summary : idText));
        }
        if (primary != null) {
            categories.remove(primary);
            categories.addFirst(primary);
        }
        ArxivId id = ArxivId.parse(idText).orElse(null);
        return new ArxivEntry(id, title, summary, authors, categories, primary, published, updated, doi, journalRef,
                comment, abs, pdf);
    }

    private static ArxivEntry.Author author(XMLStreamReader r) throws XMLStreamException {
        String name = null;
        List<String> affiliations = new ArrayList<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (ATOM.equals(r.getNamespaceURI()) && "name".equals(r.getLocalName())) {
                name = PaperRules.whitespace(r.getElementText());
            } else if (ARXIV.equals(r.getNamespaceURI()) && "affiliation".equals(r.getLocalName())) {
                String affiliation = PaperRules.whitespace(r.getElementText());
                if (affiliation != null) {
                    affiliations.add(affiliation);
                }
            } else {
                skip(r);
            }
        }
        return new ArxivEntry.Author(name, affiliations);
    }

    private static void addCategory(List<String> categories, String term) {
        if (term != null && !term.isBlank() && !categories.contains(term.strip())) {
            categories.add(term.strip());
        }
    }

    /** Skips the current element with everything inside it, leaving the reader on its end tag. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UpstreamException("arXiv sent a non-numeric paging value: " + text);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

package dev.paperboy.catalog.feeds;

import dev.paperboy.catalog.search.PaperItem;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Writes an Atom feed (RFC 4287) of papers. Deterministic for the same papers (the feed's {@code updated} is its
 * newest entry's), so its bytes can be hashed into an ETag. Text goes through the XML writer's escaping, minus the
 * characters XML 1.0 cannot carry at all.
 */
final class AtomFeedWriter {

    static final String ATOM = "http://www.w3.org/2005/Atom";

    record Feed(String id, String title, String selfUrl, String alternateUrl, List<PaperItem> items) {
    }

    private AtomFeedWriter() {
    }

    /** When a paper last changed, for its entry's {@code updated}. */
    static Instant updated(PaperItem item) {
        if (item.modifiedMillis() > 0) {
            return Instant.ofEpochMilli(item.modifiedMillis());
        }
        if (item.publishedAt() != null) {
            return Instant.parse(item.publishedAt());
        }
        return Instant.EPOCH;
    }

    static Instant lastModified(List<PaperItem> items) {
        return items.stream().map(AtomFeedWriter::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    static byte[] write(Feed feed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            text(xml, "id", feed.id());
            text(xml, "title", feed.title());
            text(xml, "updated", lastModified(feed.items()).toString());
            link(xml, "self", feed.selfUrl(), "application/atom+xml");
            link(xml, "alternate", feed.alternateUrl(), "application/json");
            xml.writeStartElement("author");
            text(xml, "name", "Paperboy");
            xml.writeEndElement();
            xml.writeStartElement("generator");
            xml.writeCharacters("Paperboy catalog");
            xml.writeEndElement();
            for (PaperItem item : feed.items()) {
                entry(xml, item);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
        return bytes.toByteArray();
    }

    private static void entry(XMLStreamWriter xml, PaperItem item) throws XMLStreamException {
        xml.writeStartElement("entry");
        text(xml, "id", item.links().arxiv());
        text(xml, "title", item.title() == null ? item.id() : item.title());
        text(xml, "updated", updated(item).toString());
        if (item.publishedAt() != null) {
            text(xml, "published", item.publishedAt());
        }
        for (String author : item.authors()) {
            xml.writeStartElement("author");
            text(xml, "name", author);
            xml.writeEndElement();
        }
        for (String category : item.categories()) {
            xml.writeEmptyElement("category");
            xml.writeAttribute("term", clean(category));
            xml.writeAttribute("scheme", "https://arxiv.org/archive");
        }
        for (String keyword : item.keywords()) {
            xml.writeEmptyElement("category");
            xml.writeAttribute("term", clean(keyword));
            xml.writeAttribute("scheme", "https://paperboy.dev/keywords");
        }
        link(xml, "alternate", item.links().self(), "application/json");
        link(xml, "related", item.links().arxiv(), "text/html");
        link(xml, "enclosure", item.links().pdf(), "application/pdf");
        if (item.abstractText() != null) {
            xml.writeStartElement("summary");
            xml.writeAttribute("type", "text");
            xml.writeCharacters(clean(item.abstractText()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String element, String value) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(clean(value));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", clean(href));
    }

    /** Drops what XML 1.0 cannot contain (control characters, lone surrogates). */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}

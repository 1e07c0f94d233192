package dev.paperboy.ingest.arxiv;

import dev.paperboy.ingest.api.UpstreamException;
import dev.paperboy.testsupport.SamplePapers;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArxivAtomParserTest {

    static String fixture(String name) {
        return SamplePapers.read("/fixtures/arxiv/" + name);
    }

    @Test
    void readsEverythingAnEntryCarries() {
        ArxivFeed feed = ArxivAtomParser.parse(fixture("full-entry.xml"));
        assertThat(feed.totalResults()).isEqualTo(4);
        assertThat(feed.itemsPerPage()).isEqualTo(2);
        assertThat(feed.entries()).hasSize(2);

        ArxivEntry entry = feed.entries().getFirst();
        assertThat(entry.id().id()).isEqualTo("2603.01234");
        assertThat(entry.id().version()).isEqualTo(3);
        // wrapped and indented text is joined; entities are decoded exactly once; LaTeX is untouched
        assertThat(entry.title()).isEqualTo(
                "$\\mathcal{B}$-Coder: Value-Based Deep RL & Program Synthesis with $O(n^{2})$ <tokens>");
        assertThat(entry.summary()).startsWith("Program synthesis aims to create accurate, executable programs from "
                + "problem specifications,").endsWith("We use $\\alpha < \\beta$ and café \\emph{latte}.");
        assertThat(entry.authors()).extracting(ArxivEntry.Author::name)
                .containsExactly("Zishun Yu", "Yunzhe Tao", "Liyu Chen");
        assertThat(entry.authors().get(1).affiliations()).containsExactly("ByteDance", "Stanford");
        assertThat(entry.authors().get(2).affiliations()).isEmpty();
        assertThat(entry.primaryCategory()).isEqualTo("cs.LG");
        assertThat(entry.categories()).containsExactly("cs.LG", "cs.AI", "cs.PL");
        assertThat(entry.doi()).isEqualTo("10.1234/bcoder.2026");
        assertThat(entry.journalRef()).isEqualTo("Proc. ICLR 2026, pp. 1--25");
        assertThat(entry.comment()).isEqualTo("Accepted at ICLR 2026; 25 pages, 6 figures");
        assertThat(entry.published()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(entry.updated()).isEqualTo(Instant.parse("2026-03-05T17:12:01Z"));
        assertThat(entry.absLink()).isEqualTo("http://arxiv.org/abs/2603.01234v3");
        assertThat(entry.pdfLink()).isEqualTo("http://arxiv.org/pdf/2603.01234v3");

        ArxivEntry old = feed.entries().get(1);
        assertThat(old.id().id()).isEqualTo("hep-th/9901001");
        assertThat(old.id().version()).isEqualTo(1);
        assertThat(old.title()).isEqualTo("On the Old-Style Identifier");
    }

    @Test
    void anEmptyFeedHasNoEntries() {
        ArxivFeed feed = ArxivAtomParser.parse(fixture("empty.xml"));
        assertThat(feed.totalResults()).isZero();
        assertThat(feed.entries()).isEmpty();
    }

    @Test
    void brokenFeedsAreUpstreamErrors() {
        String full = fixture("full-entry.xml");
        assertThatThrownBy(() -> ArxivAtomParser.parse(full.substring(0, full.length() / 2)))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("unreadable");
        assertThatThrownBy(() -> ArxivAtomParser.parse("<html><body><h1>Service Unavailable</h1></body></html>"))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("<html>");
        assertThatThrownBy(() -> ArxivAtomParser.parse(fixture("error.xml")))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("incorrect id format");
        assertThatThrownBy(() -> ArxivAtomParser.parse(
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(UpstreamException.class);
    }
}

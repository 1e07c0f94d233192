package dev.paperboy.ingest.normalize;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaperRulesTest {

    @Test
    void runsOfWhitespaceBecomeOneSpaceAndTheEndsAreTrimmed() {
        assertThat(PaperRules.whitespace("  Attention\n    is  all\tyou\u00A0need \r\n")).isEqualTo(
                "Attention is all you need");
        assertThat(PaperRules.whitespace("a  b")).isEqualTo("a b");
        assertThat(PaperRules.whitespace(" a")).isEqualTo("a");
        assertThat(PaperRules.whitespace("a ")).isEqualTo("a");
    }

    @Test
    void normalisedTextIsKeptAsWrittenAndBlankTextIsAbsent() {
        String title = "Efficient $\\mathcal{O}(n)$ RL, fine-tuning & more";
        assertThat(PaperRules.whitespace(title)).isSameAs(title);
        assertThat(PaperRules.whitespace("x")).isEqualTo("x");
        assertThat(PaperRules.whitespace("")).isNull();
        assertThat(PaperRules.whitespace(" \n\t ")).isNull();
        assertThat(PaperRules.whitespace(null)).isNull();
    }
}

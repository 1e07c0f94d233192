package dev.paperboy.notify.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatexTextTest {

    @Test
    void simpleLatexBecomesReadableText() {
        assertThat(LatexText.plain("$\\mathcal{B}$-Coder: Value-Based RL")).isEqualTo("B-Coder: Value-Based RL");
        assertThat(LatexText.plain("$\\alpha$-Blending with $O(n^{2})$ cost")).isEqualTo("α-Blending with O(n^2) cost");
        assertThat(LatexText.plain("\\textbf{Bold} and \\emph{em} \\& more")).isEqualTo("Bold and em & more");
        assertThat(LatexText.plain("Costs 5\\$ -- or \\% of it")).isEqualTo("Costs 5$ – or % of it");
        assertThat(LatexText.plain("Line\r\nbreak\u2028here")).isEqualTo("Line break here");
        assertThat(LatexText.plain("$\\mathbb{R}^{n}$ and \\unknown{x}")).isEqualTo("R^n and unknownx");
        assertThat(LatexText.plain(null)).isEmpty();
    }
}

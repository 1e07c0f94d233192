package dev.paperboy.contracts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ArxivIdTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "2412.07762, 2412.07762, null",
            "2412.07762v3, 2412.07762, 3",
            "' 2412.07762v12 ', 2412.07762, 12",
            "0704.0001, 0704.0001, null",
            "hep-th/9901001, hep-th/9901001, null",
            "hep-th/9901001v1, hep-th/9901001, 1",
            "math.GT/0309136v2, math.GT/0309136, 2",
            "arXiv:2508.11442, 2508.11442, null",
            "https://arxiv.org/abs/2508.11442v2, 2508.11442, 2",
            "http://arxiv.org/pdf/2508.11442v1.pdf, 2508.11442, 1"})
    void parsesEveryStyle(String text, String id, Integer version) {
        assertThat(ArxivId.parse(text)).hasValueSatisfying(parsed -> {
            assertThat(parsed.id()).isEqualTo(id);
            assertThat(parsed.version()).isEqualTo(version);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "12.34", "2412.077", "2412.07762v0", "2412.07762v", "{\"$gt\": \"\"}",
            "../../etc/passwd", "HEP-TH/9901001", "2412.07762; drop", "hep-th/99010011"})
    void refusesWhatIsNotAnId(String text) {
        assertThat(ArxivId.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void knowsItsStyleAndVersionedForm() {
        assertThat(ArxivId.parse("hep-th/9901001v2").orElseThrow().isOldStyle()).isTrue();
        assertThat(ArxivId.parse("2412.07762v3").orElseThrow().versioned()).isEqualTo("2412.07762v3");
        assertThat(ArxivId.parse("2412.07762").orElseThrow().isOldStyle()).isFalse();
    }
}

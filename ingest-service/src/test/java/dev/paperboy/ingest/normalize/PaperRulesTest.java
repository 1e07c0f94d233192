package dev.paperboy.ingest.normalize;

import dev.paperboy.contracts.IngestReject.Reason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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

    @Test
    void normalisationAndTheCharacterCheckAgreeWithACharByCharReadingOfTheRules() {
        // every kind of character the rules tell apart, in random texts with a bias to the tricky ones
        char[] alphabet = {'a', 'Z', '1', '.', ' ', ' ', ' ', '\n', '\t', '\r', '\f', 0x0B, '\u00A0', '\u2028',
                '\u2029', 0x00, 0x1F, 0x7F, 0x85, 0x9F, '\u00E9', '\u4E2D', '\uD835', '\uDEFC', '\uFFFF'};
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            }
            String input = text.toString();
            assertThat(PaperRules.whitespace(input)).as("whitespace of %s", escaped(input))
                    .isEqualTo(referenceWhitespace(input));
            List<Reason> errors = new ArrayList<>();
            PaperRules.checkText(input, "f", errors);
            assertThat(errors.stream().map(Reason::message).toList()).as("check of %s", escaped(input))
                    .isEqualTo(referenceCheck(input));
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B || c == '\u00A0'
                || c == '\u2028' || c == '\u2029';
    }

    private static String referenceWhitespace(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (isSpace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words.isEmpty() ? null : String.join(" ", words);
    }

    private static List<String> referenceCheck(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return List.of("must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return List.of("contains an invalid Unicode character");
            }
        }
        return List.of();
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= ' ' && c < 0x7F ? String.valueOf((char) c)
                : String.format("\\u%04X", c)));
        return out.toString();
    }
}

package dev.paperboy.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A deterministic generator of hostile strings (a fixed seed, so a failure reproduces): any code points including
 * unpaired surrogates and controls, query-syntax punctuation, and known troublemakers.
 */
final class HostileStrings {

    private static final String PUNCTUATION = "\"\\+-:*?~^(){}[]!&|/ \r\n\t\u0000$%<>'";
    private static final List<String> KNOWN = List.of("{\"$gt\": \"\"}", "$where", "\r\nBcc: x@example.org",
            "\\mathcal{B}", "\uD800", "\uFFFF", "\u202Eevil", "<b>&amp;</b>", "%00", "../", "", " ", "\u0000");

    private HostileStrings() {
    }

    /** {@code count} strings from {@code seed}: a third arbitrary code points, a third punctuation, a third known. */
    static Stream<String> generate(long seed, int count) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(switch (i % 3) {
                case 0 -> anyCodePoints(random, random.nextInt(300));
                case 1 -> fromAlphabet(random, PUNCTUATION, random.nextInt(40));
                default -> KNOWN.get(random.nextInt(KNOWN.size())) + fromAlphabet(random, PUNCTUATION, random.nextInt(4));
            });
        }
        return out.stream();
    }

    private static String anyCodePoints(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (kind < 7) {
                text.append((char) random.nextInt(0x20));
            } else if (kind < 9) {
                text.appendCodePoint(random.nextInt(0x10FFFF));
            } else {
                text.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogate
            }
        }
        return text.toString();
    }

    private static String fromAlphabet(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}

package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Fingerprints are stored: the same paper must give the same fingerprint in every release. */
class FingerprintTest {

    @Test
    void fingerprintsAreTheOnesEarlierReleasesStored() {
        // computed by the release before the digest was fed without Instant#toString
        PaperEvent full = new PaperEvent(PaperEvent.SCHEMA_VERSION, "e1", "2412.07762", 2,
                "Attention — über alles 𝛼", "An abstract with $\\mathcal{O}(n)$ and ünïcödé.",
                List.of("Ada Lovelace", "Zoë Ünal"), List.of("cs.LG", "cs.CL"), "cs.LG",
                List.of("transformers", "rl"),
                Instant.parse("2024-12-10T18:59:59Z"), Instant.parse("2025-01-02T03:04:05.120Z"),
                LocalDate.parse("2024-12-11"), 42, 7, "https://github.com/x/y", 1234, "https://x.dev", "Org",
                "10.1/abc", "J. Ref 1", "12 pages", Source.FILE, Instant.parse("2026-01-01T00:00:00Z"));
        PaperEvent sparse = new PaperEvent(PaperEvent.SCHEMA_VERSION, "e2", "hep-th/9901001", null, "T", null, null,
                List.of(), null, null, Instant.parse("1999-01-01T00:00:00Z"), Instant.ofEpochSecond(-1, 999_999_999),
                null, null, null, null, null, null, null, null, null, null, Source.HUGGINGFACE, Instant.now());
        PaperEvent far = new PaperEvent(PaperEvent.SCHEMA_VERSION, "e3", "2501.00001", 1, "T2", "A", List.of(),
                List.of(), null, null, Instant.parse("+12345-06-07T08:09:10.000001Z"),
                Instant.ofEpochSecond(1_700_000_000L, 1000), null, 0, 0, null, 0, null, null, null, null, null,
                Source.ARXIV, Instant.now());
        assertThat(PaperStateStore.fingerprint(full)).isEqualTo("kmehAc93A35eYmvT2hM8e2xTNoJeQ6CBQuf3OjuHr8o");
        assertThat(PaperStateStore.fingerprint(sparse)).isEqualTo("a+3JXJo3REYF3+qiZJ1pBSoaOkQFtyefxu/zrpr3mJg");
        assertThat(PaperStateStore.fingerprint(far)).isEqualTo("pcyN73ytk6JY02ruHDzz/j+kJ94Mkw2G8AJc1ThqaT0");
    }

    @Test
    void instantsAreDigestedAsTheirIsoText() {
        SplittableRandom random = new SplittableRandom(42);
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("2024-02-29T00:00:00Z"), Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX);
        for (Instant instant : edges) {
            assertThat(new String(PaperStateStore.isoInstant(instant), StandardCharsets.US_ASCII))
                    .isEqualTo(instant.toString());
        }
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 300_000_000_000L),
                    random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
            assertThat(new String(PaperStateStore.isoInstant(instant), StandardCharsets.US_ASCII))
                    .isEqualTo(instant.toString());
        }
    }
}

package dev.paperboy.catalog.bench;

import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Deterministic synthetic papers for benchmarks and load tests: paper {@code i} of seed {@code s} is always the
 * same, so {@link #paper(long, int)} can be called in any order or in parallel and streams of a million papers need
 * no memory. Shapes follow real arXiv/Hugging Face papers: titles of 6–14 words, abstracts of 120–260 words
 * (~0.9–2 KB) drawn Zipf-like (s = 1) from ~50k words, function words first, then ML words, then a generated long
 * tail (so term statistics look like real text: a few words in most papers, most words in few), abstracts
 * repeating their title's words now and then, 1–12 authors,
 * 1–3 categories, 3–8 keywords, Daily Papers days over the year before {@link #BASE_DAY}, Zipf-like upvotes.
 * Ids are new-style and unique per index: {@code 24MM.NNNNN}.
 */
public final class SyntheticPapers {

    public static final LocalDate BASE_DAY = LocalDate.of(2025, 12, 11);

    /** Function words in rough frequency order (real abstracts: the top ~50 words are ~40 % of all tokens). */
    private static final String[] FUNCTION_WORDS = ("""
            the of and to a in we for is on that with our by as are this from be an which can it at these its not
            or has have more than both while however also such each two into only when how via""").trim().split("\\s+");

    /** Common ML words, most frequent first; the generated long tail follows them. */
    private static final String[] TOPICAL_WORDS = ("""
            model models learning language large neural network networks training data dataset datasets task tasks
            performance method methods approach results show propose proposed paper framework based using new
            transformer attention layer layers representation representations generation image images video text
            visual vision multimodal reasoning benchmark benchmarks evaluation state art existing previous work
            policy reinforcement reward agent agents environment diffusion generative sampling inference efficient
            efficiency scaling scale parameters fine tuning pretraining pre trained initialization weights gradient
            optimization loss function objective convergence theoretical analysis empirical experiments demonstrate
            significantly outperforms baseline baselines accuracy robust robustness generalization domain transfer
            zero shot few prompt prompts instruction instructions alignment human feedback preference safety
            retrieval augmented knowledge memory context long sequence sequences token tokens decoding encoder decoder
            latent space embedding embeddings contrastive self supervised unsupervised semi labels annotation quality
            code program synthesis mathematical math problems solving chain thought step planning tool use calls
            speech audio 3d scene reconstruction rendering point cloud segmentation detection object tracking motion
            graph graphs node structure structured temporal spatial features feature extraction module modules
            mixture experts sparse dense compression quantization pruning distillation student teacher lightweight
            open source release available github project page introduce novel simple
            effective challenging real world applications practical limitations future directions study studies
            investigate understanding mechanisms interpretability probing circuits neurons activations behavior
            moreover furthermore specifically particular general""").trim().split("\\s+");

    /**
     * Content words by frequency rank: the ML words, then generated pronounceable words ("kravon", "stulmid") up to
     * {@link #CONTENT_VOCABULARY} in all. Drawn Zipf-like (s = 1), the head is in most papers and the tail in a few
     * hundred of a million, like the terms of real abstracts (a vocabulary of ~400 words made every word common).
     */
    static final int CONTENT_VOCABULARY = 50_000;
    // syllables of the generated words (declared before the vocabulary that is built from them)
    private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
            "br", "tr", "kr", "st", "pl", "gr"};
    private static final String[] NUCLEI = {"a", "o", "u", "i", "e"};
    private static final String[] CODAS = {"n", "r", "k", "m", "x", "t", "l", "d", "", "p"};
    private static final String[] CONTENT_WORDS = contentWords();
    /** Function words then content words: what abstracts are drawn from. */
    private static final String[] ALL_WORDS = allWords();
    /** Share of abstract words that repeat a word of the title (abstracts are about what their title says). */
    private static final double TOPIC_REPEAT = 0.06;

    private static final String[] FIRST = {"Wei", "Yuxin", "Jiaqi", "Alexander", "Maria", "Hao", "Sofia", "Daniel",
            "Xin", "Anna", "Mohammed", "Priya", "Lukas", "Chen", "Emily", "Jun", "Olga", "Rahul", "Fatima", "Tom",
            "Sara", "Kenji", "Lucas", "Ines", "Zhang", "Noah", "Aisha", "Mateo", "Yuki", "Elena"};
    private static final String[] LAST = {"Zhang", "Wang", "Li", "Liu", "Chen", "Smith", "Müller", "Kim", "Park",
            "Nguyen", "Garcia", "Rossi", "Kumar", "Singh", "Ivanova", "Tanaka", "Sato", "Dubois", "Silva", "Cohen",
            "Brown", "Schmidt", "Yang", "Huang", "Zhao", "Wu", "Lopez", "Novak", "Khan", "Ahmed"};
    private static final String[] CATEGORIES = {"cs.CL", "cs.CV", "cs.LG", "cs.AI", "cs.RO", "cs.IR", "cs.SD",
            "stat.ML", "cs.CR", "cs.SE", "eess.AS", "cs.GR", "cs.MA", "cs.NE", "math.OC"};
    private static final String[] ORGS = {"Google", "Meta", "Microsoft", "NVIDIA", "Alibaba", "Tsinghua University",
            "Stanford", "MIT", "ByteDance", "DeepSeek", "Hugging Face", "Allen AI", "Mistral", "Tencent", "KAIST"};

    private SyntheticPapers() {
    }

    /** Papers 0..n-1 of {@code seed}, lazily. */
    public static Stream<PaperEvent> stream(long seed, int n) {
        return IntStream.range(0, n).mapToObj(i -> paper(seed, i));
    }

    public static List<PaperEvent> generate(long seed, int n) {
        return stream(seed, n).toList();
    }

    /** The id of paper {@code i} (independent of the seed). */
    public static String id(int i) {
        int month = 1 + (i / 100_000) % 12;
        int year = 24 + i / 1_200_000;
        return String.format("%02d%02d.%05d", year, month, i % 100_000);
    }

    /** Paper {@code i} of {@code seed}. */
    public static PaperEvent paper(long seed, int i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        List<String> titleWords = titleWords(r, 6 + r.nextInt(9));
        String title = capitalize(String.join(" ", titleWords));
        String abstractText = sentences(r, 120 + r.nextInt(141), topicWords(titleWords));
        int authorCount = 1 + Math.min(11, (int) Math.abs(r.nextGaussian() * 4));
        List<String> authors = new ArrayList<>(authorCount);
        for (int a = 0; a < authorCount; a++) {
            authors.add(FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)]);
        }
        int categoryCount = 1 + r.nextInt(3);
        List<String> categories = new ArrayList<>(categoryCount);
        while (categories.size() < categoryCount) {
            String c = CATEGORIES[zipf(r, CATEGORIES.length)];
            if (!categories.contains(c)) {
                categories.add(c);
            }
        }
        int keywordCount = 3 + r.nextInt(6);
        List<String> keywords = new ArrayList<>(keywordCount);
        for (int k = 0; k < keywordCount; k++) {
            keywords.add(contentWords(r, 1 + r.nextInt(2)));
        }
        LocalDate daily = BASE_DAY.minusDays(r.nextInt(365));
        Instant published = daily.minusDays(1 + r.nextInt(3)).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plusSeconds(r.nextInt(86_400));
        int upvotes = (int) Math.min(2_000, Math.floor(Math.pow(r.nextDouble(), -1.3)) - 1);
        int version = 1 + (r.nextInt(10) < 7 ? 0 : r.nextInt(3));
        Instant observed = daily.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3_600 + r.nextInt(80_000));
        return new PaperEvent(PaperEvent.SCHEMA_VERSION,
                new java.util.UUID(seed, i).toString(),
                id(i), version, title, abstractText, authors, categories, categories.getFirst(), keywords,
                published, published.plusSeconds((version - 1) * 86_400L * 7), daily, upvotes, r.nextInt(20),
                r.nextInt(4) == 0 ? "https://github.com/synthetic/repo-" + i : null,
                r.nextInt(4) == 0 ? r.nextInt(5_000) : null,
                r.nextInt(6) == 0 ? "https://synthetic.example/p/" + i : null,
                r.nextInt(3) == 0 ? ORGS[r.nextInt(ORGS.length)] : null,
                null, null, r.nextInt(5) == 0 ? (5 + r.nextInt(30)) + " pages, " + (1 + r.nextInt(12)) + " figures"
                : null,
                Source.HUGGINGFACE, observed);
    }

    /** Title words: content words, with a function word ("of", "for", "with", ...) about every fourth word. */
    private static List<String> titleWords(SplittableRandom r, int n) {
        List<String> words = new ArrayList<>(n);
        for (int w = 0; w < n; w++) {
            boolean function = w > 0 && w < n - 1 && r.nextInt(4) == 0;
            words.add(function ? FUNCTION_WORDS[zipf(r, 12)] : CONTENT_WORDS[zipf(r, CONTENT_WORDS.length)]);
        }
        return words;
    }

    private static List<String> topicWords(List<String> titleWords) {
        List<String> topic = new ArrayList<>(titleWords);
        topic.removeAll(List.of(FUNCTION_WORDS));
        return topic.isEmpty() ? titleWords : topic;
    }

    private static String sentences(SplittableRandom r, int words, List<String> topic) {
        StringBuilder out = new StringBuilder(words * 8);
        int left = words;
        while (left > 0) {
            int n = Math.min(left, 8 + r.nextInt(18));
            if (!out.isEmpty()) {
                out.append(' ');
            }
            StringBuilder sentence = new StringBuilder(n * 8);
            for (int w = 0; w < n; w++) {
                if (w > 0) {
                    sentence.append(' ');
                }
                sentence.append(r.nextDouble() < TOPIC_REPEAT ? topic.get(r.nextInt(topic.size()))
                        : ALL_WORDS[zipf(r, ALL_WORDS.length)]);
            }
            out.append(capitalize(sentence.toString())).append('.');
            left -= n;
        }
        return out.toString();
    }

    private static String contentWords(SplittableRandom r, int n) {
        StringBuilder out = new StringBuilder(n * 8);
        for (int w = 0; w < n; w++) {
            if (w > 0) {
                out.append(' ');
            }
            out.append(CONTENT_WORDS[zipf(r, CONTENT_WORDS.length)]);
        }
        return out.toString();
    }

    private static String[] contentWords() {
        String[] words = new String[CONTENT_VOCABULARY];
        System.arraycopy(TOPICAL_WORDS, 0, words, 0, TOPICAL_WORDS.length);
        int syllables = ONSETS.length * NUCLEI.length * CODAS.length; // 1,000: two of them make 1M words
        for (int rank = TOPICAL_WORDS.length; rank < words.length; rank++) {
            long scrambled = (rank * 7_919L + 13) % ((long) syllables * syllables); // a bijection, spreads the words
            words[rank] = syllable((int) (scrambled / syllables)) + syllable((int) (scrambled % syllables));
        }
        return words;
    }

    private static String syllable(int i) {
        return ONSETS[i % ONSETS.length] + NUCLEI[(i / ONSETS.length) % NUCLEI.length]
                + CODAS[i / (ONSETS.length * NUCLEI.length)];
    }

    private static String[] allWords() {
        String[] words = new String[FUNCTION_WORDS.length + CONTENT_WORDS.length];
        System.arraycopy(FUNCTION_WORDS, 0, words, 0, FUNCTION_WORDS.length);
        System.arraycopy(CONTENT_WORDS, 0, words, FUNCTION_WORDS.length, CONTENT_WORDS.length);
        return words;
    }

    /** An index in [0, n) with probability falling roughly as 1/(index + 1): Zipf's law with s = 1. */
    private static int zipf(SplittableRandom r, int n) {
        double u = r.nextDouble();
        int index = (int) Math.floor(Math.exp(u * Math.log(n + 1.0))) - 1;
        return Math.min(n - 1, Math.max(0, index));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

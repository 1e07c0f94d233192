package dev.paperboy.catalog.search;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranking quality over the 43 sample papers: queries a person would type, each with the papers it should find in
 * its top k. Reports recall@k, precision@k and MRR, and fails below the bars.
 */
class SearchRankingTest {

    @TempDir
    static Path dir;
    static SearchIndex index;
    static PaperSearcher searcher;

    record Judged(String query, int k, Set<String> relevant) {
    }

    static final List<Judged> JUDGMENTS = List.of(
            new Judged("model merging", 1, Set.of("2508.11442")),
            new Judged("low-rank adaptation", 3, Set.of("2410.07170", "2506.15251", "2409.05926")),
            new Judged("gaussian splatting", 1, Set.of("2403.20309")),
            new Judged("Shayne Longpre", 1, Set.of("2305.13169")),
            new Judged("Bowen Zhang", 1, Set.of("2508.11442")),
            new Judged("continual pre-training", 3, Set.of("2308.04014", "2503.02844", "2401.17514")),
            new Judged("vocabulary expansion", 1, Set.of("2407.05841")),
            new Judged("graph neural networks", 1, Set.of("2303.16458")),
            new Judged("label noise", 1, Set.of("2309.17002")),
            new Judged("learning rate schedule", 1, Set.of("2503.02844")),
            new Judged("pretrained language models", 5,
                    Set.of("2110.07143", "2202.01771", "rank-26", "2309.05494")),
            new Judged("Never Train from Scratch", 1, Set.of("2310.02980")),
            new Judged("$\\mathcal{B}$-Coder", 1, Set.of("2310.03173")),
            new Judged("crisis-related social media", 1, Set.of("2309.05494")),
            new Judged("\"point cloud\"", 1, Set.of("2208.02812")),
            new Judged("video VAE", 1, Set.of("2405.20279")),
            new Judged("mixture of experts", 1, Set.of("2507.17436")),
            new Judged("reinforcement learning fine-tuning offline data", 1, Set.of("2412.07762")),
            new Judged("pre-trained initialization", 10, Set.of("2508.11442", "2412.07762", "2210.02871")));

    @BeforeAll
    static void build() {
        index = SampleIndex.build(dir);
        searcher = new PaperSearcher(index, "http://localhost:8082");
    }

    @AfterAll
    static void close() {
        index.close();
    }

    private List<String> top(String query, int k) {
        return searcher.search(PaperQuery.listing(k).withText(query, SortOrder.RELEVANCE)).items().stream()
                .map(PaperItem::id).toList();
    }

    @Test
    void heldOutQueriesFindTheirPapers() {
        double recallSum = 0;
        double precisionSum = 0;
        double reciprocalRankSum = 0;
        List<String> misses = new ArrayList<>();
        for (Judged judged : JUDGMENTS) {
            List<String> ranked = top(judged.query(), 20);
            List<String> topK = ranked.subList(0, Math.min(judged.k(), ranked.size()));
            long found = topK.stream().filter(judged.relevant()::contains).count();
            recallSum += (double) found / Math.min(judged.k(), judged.relevant().size());
            precisionSum += (double) found / judged.k();
            int first = 0;
            for (int i = 0; i < ranked.size(); i++) {
                if (judged.relevant().contains(ranked.get(i))) {
                    first = i + 1;
                    break;
                }
            }
            reciprocalRankSum += first == 0 ? 0 : 1.0 / first;
            if (found < Math.min(judged.k(), judged.relevant().size())) {
                misses.add(judged.query() + " -> " + topK);
            }
        }
        int n = JUDGMENTS.size();
        System.out.printf(Locale.ROOT, "search ranking over %d queries: recall@k %.3f, precision@k %.3f, MRR %.3f%n",
                n, recallSum / n, precisionSum / n, reciprocalRankSum / n);
        misses.forEach(miss -> System.out.println("  missed: " + miss));
        assertThat(reciprocalRankSum / n).isGreaterThanOrEqualTo(0.9);
        assertThat(recallSum / n).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void titleMatchesRankAboveAbstractMatches() {
        // "initialization" is in the title of 2407.05841 and only in the abstract of 2508.11442
        List<String> ranked = top("initialization", 43);
        assertThat(ranked.indexOf("2407.05841")).isLessThan(ranked.indexOf("2508.11442"));
        assertThat(ranked.indexOf("2508.11442")).isNotNegative();
    }

    @Test
    void aWordInTheTitleOutranksItRepeatedInTheAbstract() {
        // "initialization" (or a form of it) is in these titles; 2405.16287 has it five times, in its abstract only
        List<String> ranked = top("initialization", 43);
        for (String titled : List.of("2410.07170", "2407.05841", "2410.02640", "2506.14248", "rank-21", "rank-36")) {
            assertThat(ranked.indexOf(titled)).as(titled).isNotNegative().isLessThan(ranked.indexOf("2405.16287"));
        }
    }

    @Test
    void quotedPhrasesMatchOnlyTheWordsTogether() {
        List<String> phrase = top("\"semantic textual similarity\"", 43);
        assertThat(phrase).contains("2508.11442").hasSize(1);
        assertThat(top("semantic similarity textual", 43)).contains("2508.11442");
    }

    @Test
    void hyphenatedAndJoinedWordsFindEachOther() {
        assertThat(top("pretrained", 43)).contains("2202.01771"); // "Pre-Trained" in the title
        assertThat(top("pre-training", 43)).contains("2303.01566"); // "Pretraining" in the title
    }

    @Test
    void excludedWordsAreExcluded() {
        List<String> all = top("graph", 43);
        assertThat(all).contains("2303.16458", "2405.16287");
        assertThat(top("graph -hypernetworks", 43)).contains("2303.16458").doesNotContain("2405.16287");
    }
}

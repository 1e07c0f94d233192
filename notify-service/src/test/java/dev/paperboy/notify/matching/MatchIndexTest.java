package dev.paperboy.notify.matching;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.subscriptions.Frequency;
import dev.paperboy.notify.subscriptions.Preferences;
import dev.paperboy.notify.subscriptions.Subscription;
import dev.paperboy.notify.subscriptions.SubscriptionState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MatchIndexTest {

    private static Subscription sub(String id, List<String> keywords, List<String> categories, List<String> authors,
                                    int minUpvotes) {
        return sub(id, keywords, categories, authors, minUpvotes, 10);
    }

    private static Subscription sub(String id, List<String> keywords, List<String> categories, List<String> authors,
                                    int minUpvotes, int maxPapers) {
        return new Subscription(id, id + "@example.com", SubscriptionState.ACTIVE,
                new Preferences(keywords, categories, authors, minUpvotes, Frequency.INSTANT, "UTC", 8, maxPapers),
                null, null, null, null, null, null, null, 0, 0);
    }

    @Test
    void aSubscriptionCollectsAtMostFourCandidatesPerPaperItWants() {
        MatchIndex index = new MatchIndex();
        Subscription one = sub("one", List.of(), List.of("cs.AI"), List.of(), 0, 1);
        index.add(one);
        List<TrendingEntry> papers = java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> paper("p" + i, "Paper " + i, List.of("cs.AI"), List.of("X"), i)).toList();
        assertThat(index.match(papers).get(one)).containsExactlyElementsOf(papers.subList(0, 4));
    }

    private static TrendingEntry paper(String id, String title, List<String> categories, List<String> authors,
                                       int upvotes) {
        return new TrendingEntry(1, id, title, authors, "excerpt", List.of("llm"), categories, upvotes, 1.0, null,
                "http://catalog/" + id);
    }

    @Test
    void everyFilterMustHoldAndCandidatesComeFromTheIndex() {
        MatchIndex index = new MatchIndex();
        Subscription diffusion = sub("diffusion", List.of("diffusion model"), List.of(), List.of(), 0);
        Subscription visionDiffusion = sub("vision", List.of("diffusion"), List.of("cs.CV"), List.of(), 0);
        Subscription author = sub("author", List.of("diffusion"), List.of(), List.of("Ann  Lee"), 0);
        Subscription popular = sub("popular", List.of(), List.of(), List.of(), 50);
        Subscription everything = sub("all", List.of(), List.of(), List.of(), 0);
        Subscription category = sub("cl", List.of(), List.of("CS.CL"), List.of(), 0);
        Subscription lessPopular = sub("less", List.of(), List.of(), List.of(), 10);
        List.of(diffusion, visionDiffusion, author, popular, everything, category, lessPopular).forEach(index::add);

        TrendingEntry p1 = paper("p1", "A $\\mathcal{D}$ Diffusion Model for Video", List.of("cs.CV"), List.of("ann lee"), 10);
        TrendingEntry p2 = paper("p2", "Model diffusion in graphs", List.of("cs.CL"), List.of("Bob"), 80);
        TrendingEntry p3 = paper("p3", "Transformers", List.of("cs.LG"), List.of("Ann Lee"), 1);
        Map<Subscription, List<TrendingEntry>> matches = index.match(List.of(p1, p2, p3));

        assertThat(matches.get(diffusion)).containsExactly(p1);
        assertThat(matches.get(visionDiffusion)).containsExactly(p1);
        assertThat(matches.get(author)).containsExactly(p1);
        assertThat(matches.get(popular)).containsExactly(p2);
        assertThat(matches.get(everything)).containsExactly(p1, p2, p3);
        assertThat(matches.get(category)).containsExactly(p2);
        assertThat(matches.get(lessPopular)).containsExactly(p1, p2);
        assertThat(index.size()).isEqualTo(7);
    }
}

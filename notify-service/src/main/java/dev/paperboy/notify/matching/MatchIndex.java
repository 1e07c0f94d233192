package dev.paperboy.notify.matching;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.notify.mail.LatexText;
import dev.paperboy.notify.subscriptions.Preferences;
import dev.paperboy.notify.subscriptions.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Subscriptions indexed in memory for matching papers without a nested loop. Each subscription is filed under ONE
 * of its filters — authors if it has any, else keyword terms (a phrase by its first word), else categories — or in
 * the catch-all list when it has none. A paper looks up its authors, the words of its title, keywords and abstract
 * excerpt, and its categories, and only those candidates (plus the catch-all list) are checked against the full
 * filter (keywords AND categories AND authors AND minimum upvotes). Built fresh for each run; not thread-safe.
 */
public final class MatchIndex {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /**
     * A subscription collects at most this many matches per paper of its {@code maxPapers}, best first: enough for
     * the ledger to skip papers sent before (it considers no more), and it keeps the output small.
     */
    public static final int CANDIDATES_PER_SLOT = 4;

    private final Map<String, List<Entry>> byAuthor = new HashMap<>();
    private final Map<String, List<Entry>> byTerm = new HashMap<>();
    private final Map<String, List<Entry>> byCategory = new HashMap<>();
    private final List<Entry> catchAll = new ArrayList<>();
    private int size;
    private int paperStamp;

    /** A subscription with its filters normalised for matching. */
    private static final class Entry {
        final Subscription subscription;
        final String[][] keywordPhrases;
        final Set<String> categories;
        final Set<String> authors;
        final int minUpvotes;
        final int limit;
        int stamp = -1;
        List<TrendingEntry> matched;

        Entry(Subscription subscription) {
            this.subscription = subscription;
            Preferences p = subscription.preferences();
            this.keywordPhrases = p.keywords().stream().map(MatchIndex::terms).filter(t -> t.length > 0)
                    .toArray(String[][]::new);
            this.categories = lower(p.categories());
            this.authors = new HashSet<>();
            p.authors().forEach(a -> authors.add(normaliseAuthor(a)));
            this.minUpvotes = p.minUpvotes();
            this.limit = CANDIDATES_PER_SLOT * Math.max(1, p.maxPapers());
        }
    }

    public void add(Subscription subscription) {
        Entry entry = new Entry(subscription);
        size++;
        if (!entry.authors.isEmpty()) {
            entry.authors.forEach(a -> byAuthor.computeIfAbsent(a, k -> new ArrayList<>()).add(entry));
        } else if (entry.keywordPhrases.length > 0) {
            Set<String> firstTerms = new HashSet<>();
            for (String[] phrase : entry.keywordPhrases) {
                firstTerms.add(phrase[0]);
            }
            firstTerms.forEach(t -> byTerm.computeIfAbsent(t, k -> new ArrayList<>()).add(entry));
        } else if (!entry.categories.isEmpty()) {
            entry.categories.forEach(c -> byCategory.computeIfAbsent(c, k -> new ArrayList<>()).add(entry));
        } else {
            catchAll.add(entry);
        }
    }

    public int size() {
        return size;
    }

    /**
     * The papers each subscription matches, in the order of {@code papers} (rank order, best first), at most
     * {@link #CANDIDATES_PER_SLOT} × maxPapers per subscription, keyed by subscription. Subscriptions matching
     * nothing are absent.
     */
    public Map<Subscription, List<TrendingEntry>> match(List<TrendingEntry> papers) {
        // catch-all subscriptions by minimum upvotes: a paper only visits those whose minimum it reaches
        catchAll.sort(java.util.Comparator.comparingInt(entry -> entry.minUpvotes));
        List<Entry> matchedEntries = new ArrayList<>();
        for (TrendingEntry paper : papers) {
            int stamp = ++paperStamp;
            Paper p = new Paper(paper);
            for (String author : p.authors) {
                check(byAuthor.get(author), p, paper, stamp, matchedEntries);
            }
            for (String term : p.termSet) {
                check(byTerm.get(term), p, paper, stamp, matchedEntries);
            }
            for (String category : p.categories) {
                check(byCategory.get(category), p, paper, stamp, matchedEntries);
            }
            check(catchAll.subList(0, reaching(p.upvotes)), p, paper, stamp, matchedEntries);
        }
        Map<Subscription, List<TrendingEntry>> result = new java.util.IdentityHashMap<>(matchedEntries.size() * 2);
        for (Entry entry : matchedEntries) {
            result.put(entry.subscription, entry.matched);
            entry.matched = null;
        }
        return result;
    }

    /** How many catch-all subscriptions (sorted by minimum) a paper with {@code upvotes} reaches. */
    private int reaching(int upvotes) {
        int low = 0;
        int high = catchAll.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (catchAll.get(mid).minUpvotes <= upvotes) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static void check(List<Entry> candidates, Paper p, TrendingEntry paper, int stamp,
                              List<Entry> matchedEntries) {
        if (candidates == null) {
            return;
        }
        for (Entry entry : candidates) {
            if (entry.stamp == stamp) {
                continue; // already checked for this paper through another of its filters
            }
            entry.stamp = stamp;
            List<TrendingEntry> matched = entry.matched;
            if (matched != null && matched.size() >= entry.limit) {
                continue; // has enough better-ranked papers
            }
            if (matches(entry, p)) {
                if (matched == null) {
                    matched = new ArrayList<>(Math.min(entry.limit, 8));
                    entry.matched = matched;
                    matchedEntries.add(entry);
                }
                matched.add(paper);
            }
        }
    }

    private static boolean matches(Entry entry, Paper p) {
        if (p.upvotes < entry.minUpvotes) {
            return false;
        }
        if (!entry.authors.isEmpty() && !intersects(entry.authors, p.authors)) {
            return false;
        }
        if (!entry.categories.isEmpty() && !intersects(entry.categories, p.categories)) {
            return false;
        }
        if (entry.keywordPhrases.length > 0) {
            for (String[] phrase : entry.keywordPhrases) {
                if (p.contains(phrase)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean intersects(Set<String> small, Set<String> other) {
        for (String s : small) {
            if (other.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** A paper prepared for matching: words, authors and categories normalised. */
    private static final class Paper {
        final String[] terms;
        final Set<String> termSet;
        final Set<String> authors = new HashSet<>();
        final Set<String> categories;
        final int upvotes;

        Paper(TrendingEntry entry) {
            StringBuilder text = new StringBuilder(LatexText.plain(entry.title()));
            entry.keywords().forEach(k -> text.append(" . ").append(k));
            if (entry.abstractExcerpt() != null) {
                text.append(" . ").append(entry.abstractExcerpt());
            }
            this.terms = MatchIndex.terms(text.toString());
            this.termSet = Set.of(java.util.Arrays.stream(terms).distinct().toArray(String[]::new));
            entry.authors().forEach(a -> authors.add(normaliseAuthor(a)));
            this.categories = lower(entry.categories());
            this.upvotes = entry.upvotes();
        }

        boolean contains(String[] phrase) {
            if (phrase.length == 1) {
                return termSet.contains(phrase[0]);
            }
            if (!termSet.contains(phrase[0])) {
                return false;
            }
            outer:
            for (int i = 0; i + phrase.length <= terms.length; i++) {
                for (int j = 0; j < phrase.length; j++) {
                    if (!terms[i + j].equals(phrase[j])) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    static String[] terms(String text) {
        return java.util.Arrays.stream(NON_WORD.split(text.toLowerCase(Locale.ROOT)))
                .filter(t -> !t.isEmpty()).toArray(String[]::new);
    }

    static String normaliseAuthor(String author) {
        return author.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static Set<String> lower(List<String> values) {
        Set<String> set = new HashSet<>();
        values.forEach(v -> set.add(v.toLowerCase(Locale.ROOT)));
        return set;
    }
}

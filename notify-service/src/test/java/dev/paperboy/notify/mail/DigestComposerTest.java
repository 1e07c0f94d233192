package dev.paperboy.notify.mail;

import dev.paperboy.contracts.TrendingEntry;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Digests assembled from per-paper blocks read like digests rendered in one piece: escaped, numbered, linked. */
class DigestComposerTest {

    private static TrendingEntry paper(String id, String title) {
        return new TrendingEntry(1, id, title, List.of("Ada <Lovelace>", "B & C"), "Excerpt with <b>tags</b>",
                List.of(), List.of("cs.LG"), 12, 1.0, LocalDate.of(2026, 11, 27),
                "http://localhost:8082/papers/" + id + "?from=digest&x=<1>");
    }

    @Test
    void papersSharedByDigestsAreEscapedNumberedAndLinkedInEach() {
        TrendingEntry shared = paper("2511.00001", "$\\alpha$-Nets: <script>alert(1)</script> & co");
        TrendingEntry other = paper("2511.00002", "Plain title");
        DigestComposer composer = new MailRenderer().digestComposer();

        RenderedMail first = composer.compose(List.of(other, shared), "daily",
                "http://h/api/subscriptions/me?token=aaa.bbb&x=1", "http://h/api/subscriptions/unsubscribe?token=u1");
        RenderedMail second = composer.compose(List.of(shared), "weekly",
                "http://h/api/subscriptions/me?token=ccc.ddd", "http://h/api/subscriptions/unsubscribe?token=u2");

        assertThat(first.subject()).isEqualTo("Paperboy daily digest: 2 trending papers");
        assertThat(second.subject()).isEqualTo("Paperboy weekly digest: 1 trending paper");
        assertThat(first.html())
                .contains("α-Nets: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co", "Ada &lt;Lovelace&gt;, B &amp; C",
                        "Excerpt with &lt;b&gt;tags&lt;/b&gt;", "href=\"http://localhost:8082/papers/2511.00001?"
                                + "from=digest&amp;x=&lt;1&gt;\"",
                        "href=\"http://h/api/subscriptions/me?token=aaa.bbb&amp;x=1\"",
                        "href=\"http://h/api/subscriptions/unsubscribe?token=u1\"", "<title>Paperboy daily digest")
                .doesNotContain("<script>", "paperboyslot", "token=u2");
        assertThat(first.text()).startsWith("Paperboy daily digest: 2 trending papers\n\n1. Plain title\n")
                .contains("\n2. α-Nets: <script>alert(1)</script> & co\n",
                        "Change preferences: http://h/api/subscriptions/me?token=aaa.bbb&x=1\n",
                        "Unsubscribe: http://h/api/subscriptions/unsubscribe?token=u1")
                .doesNotContain("paperboyslot");
        assertThat(second.text()).contains("\n1. α-Nets: <script>alert(1)</script> & co\n",
                "You get this weekly digest", "token=u2").doesNotContain("token=u1", "Plain title");
        assertThat(second.html()).contains("α-Nets: &lt;script&gt;", "token=u2", "weekly").doesNotContain("token=u1");
    }
}

package dev.paperboy.notify.mail;

import dev.paperboy.contracts.TrendingEntry;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders emails and pages with Thymeleaf: HTML templates ({@code templates/mail/*.html}, escaped by
 * {@code th:text}) and plain-text templates ({@code *.txt}, TEXT mode). Paper titles go through {@link LatexText}.
 * Digests are assembled from per-paper blocks by a {@link DigestComposer}.
 */
@Component
public class MailRenderer {

    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(MailRenderer.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    /** One paper as shown in a digest. */
    public record PaperView(String title, String authors, String excerpt, String link, String arxivLink,
                            int upvotes, String categories) {

        static PaperView of(TrendingEntry entry) {
            List<String> authors = entry.authors();
            String shown = authors.size() > 5
                    ? String.join(", ", authors.subList(0, 5)) + " et al."
                    : String.join(", ", authors);
            return new PaperView(LatexText.plain(entry.title()), LatexText.plain(shown),
                    LatexText.plain(entry.abstractExcerpt()), entry.link(), entry.arxivLink(), entry.upvotes(),
                    String.join(", ", entry.categories()));
        }
    }

    /** A composer for the digests of one run: it renders each paper once however many digests carry it. */
    public DigestComposer digestComposer() {
        return new DigestComposer(this);
    }

    /** One digest (a composer used once; a run uses {@link #digestComposer()}). */
    public RenderedMail digest(List<TrendingEntry> entries, String frequency, String preferencesUrl,
                               String unsubscribeUrl) {
        return digestComposer().compose(entries, frequency, preferencesUrl, unsubscribeUrl);
    }

    public RenderedMail confirmation(String confirmUrl, String email) {
        String subject = "Confirm your Paperboy subscription";
        Map<String, Object> model = Map.of("confirmUrl", confirmUrl, "email", email, "subject", subject);
        return new RenderedMail(subject, render(text, "mail/confirm", model), render(html, "mail/confirm", model));
    }

    /** A small HTML page (confirmation result, unsubscribe form). */
    public String page(String title, String message, String formAction, String buttonLabel) {
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("title", title);
        model.put("message", message);
        model.put("formAction", formAction);
        model.put("buttonLabel", buttonLabel);
        return render(html, "page/message", model);
    }

    String html(String template, Map<String, Object> model) {
        return render(html, template, model);
    }

    String text(String template, Map<String, Object> model) {
        return render(text, template, model);
    }

    private static String render(TemplateEngine engine, String template, Map<String, Object> model) {
        return engine.process(template, new Context(Locale.ENGLISH, model));
    }
}

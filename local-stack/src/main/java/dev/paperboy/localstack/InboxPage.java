package dev.paperboy.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * A small web inbox over the received mail: a list (from, to, subject, date) and one page per message with the
 * text part (links clickable), the HTML part in a sandboxed iframe, and every link of the message listed.
 */
public final class InboxPage implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>]+");
    private static final Pattern HREF = Pattern.compile("href\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);

    private final Supplier<List<MimeMessage>> messages;
    private final int port;
    private HttpServer server;

    public InboxPage(Supplier<List<MimeMessage>> messages, int port) {
        this.messages = messages;
        this.port = port;
    }

    public synchronized InboxPage start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "inbox-page");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            List<MimeMessage> all = messages.get();
            if (path.equals("/") || path.equals("/index.html")) {
                respond(exchange, 200, listPage(all));
            } else if (path.matches("/messages/\\d{1,9}")) {
                int n = Integer.parseInt(path.substring("/messages/".length()));
                if (n < 1 || n > all.size()) {
                    respond(exchange, 404, page("Not found", "<p>No message " + n + ". <a href=\"/\">Back</a></p>"));
                } else {
                    respond(exchange, 200, messagePage(n, all.get(n - 1)));
                }
            } else {
                respond(exchange, 404, page("Not found", "<p><a href=\"/\">Inbox</a></p>"));
            }
        } catch (MessagingException e) {
            respond(exchange, 500, page("Error", "<pre>" + escape(String.valueOf(e)) + "</pre>"));
        }
    }

    String listPage(List<MimeMessage> all) throws MessagingException {
        StringBuilder rows = new StringBuilder();
        for (int i = all.size(); i >= 1; i--) {
            MimeMessage m = all.get(i - 1);
            rows.append("<tr><td>").append(escape(addresses(m.getFrom())))
                    .append("</td><td>").append(escape(addresses(m.getRecipients(Message.RecipientType.TO))))
                    .append("</td><td><a href=\"/messages/").append(i).append("\">")
                    .append(escape(orEmpty(m.getSubject(), "(no subject)"))).append("</a></td><td>")
                    .append(escape(date(dateOf(m)))).append("</td></tr>\n");
        }
        String body = "<p>" + all.size() + " message(s). SMTP localhost, IMAP user <code>" + MailLauncher.USER
                + "</code> / <code>" + MailLauncher.PASSWORD + "</code>. <a href=\"/\">Refresh</a></p>"
                + "<table><thead><tr><th>From</th><th>To</th><th>Subject</th><th>Date</th></tr></thead><tbody>\n"
                + rows + "</tbody></table>";
        return page("Paperboy local inbox", body);
    }

    String messagePage(int n, MimeMessage m) throws MessagingException, IOException {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        collect(m, text, html);
        Set<String> links = new LinkedHashSet<>();
        Matcher hrefs = HREF.matcher(html);
        while (hrefs.find()) {
            links.add(hrefs.group(1).replace("&amp;", "&"));
        }
        Matcher urls = URL.matcher(text);
        while (urls.find()) {
            links.add(urls.group());
        }
        StringBuilder body = new StringBuilder("<p><a href=\"/\">&larr; Inbox</a></p><table>")
                .append(row("From", addresses(m.getFrom())))
                .append(row("To", addresses(m.getRecipients(Message.RecipientType.TO))))
                .append(row("Subject", orEmpty(m.getSubject(), "")))
                .append(row("Date", date(dateOf(m))))
                .append("</table>");
        if (!links.isEmpty()) {
            body.append("<h2>Links</h2><ul>");
            for (String link : links) {
                if (link.startsWith("http://") || link.startsWith("https://")) {
                    body.append("<li><a target=\"_blank\" rel=\"noopener\" href=\"").append(escape(link)).append("\">")
                            .append(escape(link)).append("</a></li>");
                }
            }
            body.append("</ul>");
        }
        if (!html.isEmpty()) {
            String doc = "<base target=\"_blank\">" + html;
            body.append("<h2>HTML</h2><iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                    .append(escape(doc)).append("\"></iframe>");
        }
        if (!text.isEmpty()) {
            body.append("<h2>Text</h2><pre>").append(linkify(text.toString())).append("</pre>");
        }
        return page(orEmpty(m.getSubject(), "Message " + n), body.toString());
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            text.append(content(part));
        } else if (part.isMimeType("text/html") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            html.append(content(part));
        } else if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), text, html);
            }
        }
    }

    private static String content(Part part) throws MessagingException, IOException {
        Object c = part.getContent();
        if (c instanceof String s) {
            return s;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String linkify(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = URL.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(escape(text.substring(last, m.start())));
            String url = m.group();
            out.append("<a target=\"_blank\" rel=\"noopener\" href=\"").append(escape(url)).append("\">")
                    .append(escape(url)).append("</a>");
            last = m.end();
        }
        return out.append(escape(text.substring(last))).toString();
    }

    private static String row(String name, String value) {
        return "<tr><th>" + name + "</th><td>" + escape(value) + "</td></tr>";
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Address a : addresses) {
            sb.append(sb.isEmpty() ? "" : ", ").append(a);
        }
        return sb.toString();
    }

    private static Date dateOf(MimeMessage m) throws MessagingException {
        return m.getSentDate() != null ? m.getSentDate() : m.getReceivedDate();
    }

    private static String date(Date date) {
        if (date == null) {
            return "";
        }
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss 'UTC'");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(date);
    }

    private static String orEmpty(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
                + "iframe{width:100%;height:60vh;border:1px solid #ccc}pre{white-space:pre-wrap}"
                + "</style></head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static void respond(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}

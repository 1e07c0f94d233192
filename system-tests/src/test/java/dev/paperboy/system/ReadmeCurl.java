package dev.paperboy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code curl} command as the README prints it, parsed for the options the README uses ({@code -s}, {@code -i},
 * {@code -X}, {@code -H}, {@code -d}, {@code --data-binary @file}) so that a test can send the same request.
 *
 * @param source   the command as written (continuation lines joined)
 * @param method   GET unless {@code -X} or a body says otherwise
 * @param url      as written, e.g. {@code http://localhost:8082/api/papers?limit=5}
 * @param body     the {@code -d} text, or null
 * @param bodyFile the {@code --data-binary @} file, relative to the repository root, or null
 */
record ReadmeCurl(String source, String method, String url, Map<String, String> headers, String body,
                  String bodyFile) {

    private static final Pattern INLINE_CURL = Pattern.compile("`(curl [^`]+)`");

    /** The path and query of the URL, e.g. {@code /api/papers?limit=5}. */
    String pathAndQuery() {
        URI uri = uri();
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    int port() {
        return uri().getPort();
    }

    /** The URL, with the README's placeholders (e.g. {@code <job-id>}) percent-encoded. */
    URI uri() {
        return URI.create(url.replace("<", "%3C").replace(">", "%3E"));
    }

    /**
     * Every curl command of the README section headed {@code heading} (up to the next {@code ## } heading): the
     * lines of its {@code bash} blocks and the inline code spans of its text.
     */
    static List<ReadmeCurl> inSection(Path readme, String heading) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new IllegalStateException(readme + " has no section " + heading);
        }
        List<ReadmeCurl> commands = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder pending = new StringBuilder();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!inBlock && line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                Matcher inline = INLINE_CURL.matcher(line);
                while (inline.find()) {
                    commands.add(parse(inline.group(1)));
                }
                continue;
            }
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            commands.add(parse(pending.toString()));
            pending.setLength(0);
        }
        return commands;
    }

    /** Parses one command line; a pipe and what follows it (e.g. {@code | head -20}) only shapes the output. */
    static ReadmeCurl parse(String command) {
        List<String> words = shellWords(command);
        if (words.isEmpty() || !words.getFirst().equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + command);
        }
        String method = null;
        String url = null;
        String body = null;
        String bodyFile = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "|" -> i = words.size();
                case "-s", "-i", "-si" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String header = words.get(++i);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
                }
                case "-d" -> body = words.get(++i);
                case "--data-binary" -> {
                    String value = words.get(++i);
                    if (!value.startsWith("@")) {
                        throw new IllegalArgumentException("--data-binary without @file in: " + command);
                    }
                    bodyFile = value.substring(1);
                }
                default -> {
                    if (word.startsWith("-") || url != null) {
                        throw new IllegalArgumentException("option " + word + " not understood in: " + command);
                    }
                    url = word;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("no URL in: " + command);
        }
        if (method == null) {
            method = body != null || bodyFile != null ? "POST" : "GET";
        }
        return new ReadmeCurl(command, method, url, Map.copyOf(headers), body, bodyFile);
    }

    /** Words as a POSIX shell splits them, for the quoting the README uses (single and double quotes). */
    static List<String> shellWords(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}

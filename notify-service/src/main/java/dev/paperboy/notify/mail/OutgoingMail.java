package dev.paperboy.notify.mail;

import java.util.Map;

/**
 * An email to send.
 *
 * @param messageId stable Message-ID ({@code <...@...>}), the same on every resend of one digest
 * @param headers   extra headers (List-Unsubscribe, ...); values must be free of CR/LF
 */
public record OutgoingMail(String to, RenderedMail content, String messageId, Map<String, String> headers) {
}

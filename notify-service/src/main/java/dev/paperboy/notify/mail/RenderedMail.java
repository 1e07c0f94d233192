package dev.paperboy.notify.mail;

/** A rendered email: subject, plain-text and HTML bodies. */
public record RenderedMail(String subject, String text, String html) {
}

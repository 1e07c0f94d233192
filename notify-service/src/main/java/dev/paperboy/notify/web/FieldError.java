package dev.paperboy.notify.web;

/** One invalid field of a request, as listed in a problem's {@code errors}. */
public record FieldError(String field, String message) {
}

package dev.paperboy.localstack;

/** A failure of the local stack with a message meant for the person running it. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }
}

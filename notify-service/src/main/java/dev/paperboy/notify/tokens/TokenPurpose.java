package dev.paperboy.notify.tokens;

/** What a signed link allows. The code is part of the signed payload, so a token of one purpose is no other. */
public enum TokenPurpose {
    /** Confirms a subscription (double opt-in). */
    CONFIRM("c"),
    /** Views and changes preferences, pauses, resumes and unsubscribes. */
    MANAGE("m"),
    /** Unsubscribes only (the List-Unsubscribe link). */
    UNSUBSCRIBE("u");

    final String code;

    TokenPurpose(String code) {
        this.code = code;
    }

    static TokenPurpose fromCode(String code) {
        for (TokenPurpose purpose : values()) {
            if (purpose.code.equals(code)) {
                return purpose;
            }
        }
        throw new InvalidTokenException("unknown purpose");
    }
}

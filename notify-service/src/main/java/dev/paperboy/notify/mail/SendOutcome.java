package dev.paperboy.notify.mail;

/** What became of one email after the retries. */
public enum SendOutcome {
    /** Accepted by the SMTP server. */
    SENT,
    /** Still failing after the retries for a reason that may pass (connection refused, 4xx): try later. */
    TEMPORARY_FAILURE,
    /** Refused for good (5xx, bad address): do not retry. */
    PERMANENT_FAILURE
}

package dev.paperboy.notify.delivery;

/** Lifecycle of a digest in the ledger. */
public enum DigestState {
    /** Recorded before sending; sent by whoever holds the lease. */
    PENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /** Refused for good (5xx); its papers stay in the ledger and are not offered again. */
    FAILED,
    /** The subscription stopped (paused, unsubscribed) before the send; its papers were released. */
    CANCELLED
}

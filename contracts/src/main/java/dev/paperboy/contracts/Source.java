package dev.paperboy.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a paper observation came from. */
public enum Source {
    @JsonProperty("huggingface") HUGGINGFACE,
    @JsonProperty("arxiv") ARXIV,
    @JsonProperty("file") FILE,
    @JsonProperty("api") API;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

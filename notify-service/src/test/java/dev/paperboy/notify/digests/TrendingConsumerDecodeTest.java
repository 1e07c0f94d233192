package dev.paperboy.notify.digests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendingConsumerDecodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "{\"schemaVersion\":1,\"id\":{\"$gt\":\"\"},\"title\":\"no\"}",
            "{\"snapshotId\":\"s\",\"generatedAt\":\"2025-12-11T06:00:00Z\"}",
            "{\"snapshotId\":\"s\",\"window\":\"day\",\"generatedAt\":\"2025-12-11T06:00:00Z\",\"entries\":[{\"rank\":1}]}"})
    void refusesWhatOnlyLooksLikeASnapshot(String json) {
        assertThatThrownBy(() -> TrendingConsumer.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsAMinimalSnapshot() {
        String json = "{\"snapshotId\":\"s\",\"window\":\"week\",\"generatedAt\":\"2025-12-11T06:00:00Z\","
                + "\"entries\":[{\"rank\":1,\"id\":\"2508.11442\",\"title\":\"T\"}]}";
        assertThat(TrendingConsumer.decode(json.getBytes(StandardCharsets.UTF_8)).entries()).hasSize(1);
    }
}

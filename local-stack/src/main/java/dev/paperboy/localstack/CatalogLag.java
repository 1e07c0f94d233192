package dev.paperboy.localstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Waits until a consumer group has caught up with a topic (lag 0 on every partition). */
final class CatalogLag {

    private final KafkaLauncher kafka;

    CatalogLag(KafkaLauncher kafka) {
        this.kafka = kafka;
    }

    boolean await(String group, String topic, Duration timeout, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = -1;
        try (Admin admin = kafka.admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    lag = lag(admin, group, topic);
                    if (lag == 0) {
                        out.println("  consumer group '" + group + "' caught up with " + topic);
                        return true;
                    }
                } catch (Exception e) {
                    lag = -1;
                }
                Thread.sleep(500);
            }
        }
        out.println("  WARNING: consumer group '" + group + "' not caught up with " + topic + " after "
                + timeout.toSeconds() + " s (lag " + (lag < 0 ? "unknown" : lag) + ")");
        return false;
    }

    static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                .get(10, TimeUnit.SECONDS);
        long total = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long end = e.getValue().offset();
            if (end > 0 && c == null) {
                total += end;
            } else if (c != null) {
                total += Math.max(0, end - c.offset());
            }
        }
        return total;
    }
}

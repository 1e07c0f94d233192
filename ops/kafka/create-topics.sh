#!/bin/sh
# One-shot topic creation for the compose stack (auto-creation is off on the broker).
# Idempotent: creates missing topics, then (re)applies the configs, so it also runs safely on every upgrade.
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
BIN=/opt/kafka/bin
DAY_MS=86400000

create() { # name partitions configs
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$1" \
    --add-config "$3"
}

create papers.v1              12 "cleanup.policy=compact,retention.ms=-1"
create ingest.rejects.v1       3 "cleanup.policy=delete,retention.ms=$((30 * DAY_MS))"
create trending.v1             1 "cleanup.policy=delete,retention.ms=$((7 * DAY_MS))"
create papers.v1.catalog.dlq   1 "cleanup.policy=delete,retention.ms=$((30 * DAY_MS))"
create trending.v1.notify.dlq  1 "cleanup.policy=delete,retention.ms=$((30 * DAY_MS))"

"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe \
  --topic 'papers.v1|ingest.rejects.v1|trending.v1|papers.v1.catalog.dlq|trending.v1.notify.dlq' | grep -v 'Partition:' || true
echo "topics ready"

#!/bin/sh
# Idempotent: creates missing topics, then converges retention and min.insync.replicas of every catalog topic.
# Partition counts are only ever set at creation (Kafka cannot shrink them; growing them reorders keys).
set -eu
cat > /tmp/client.properties <<'PROPS'
security.protocol=SASL_SSL
sasl.mechanism=AWS_MSK_IAM
sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;
sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler
PROPS
grep -v '^#' /catalog/topics.tsv | while read -r name partitions replication retention_ms min_insync; do
  [ -n "$name" ] || continue
  kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config /tmp/client.properties \
    --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$replication" \
    --config "retention.ms=$retention_ms" --config "min.insync.replicas=$min_insync"
  kafka-configs.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config /tmp/client.properties \
    --alter --entity-type topics --entity-name "$name" \
    --add-config "retention.ms=$retention_ms,min.insync.replicas=$min_insync"
done

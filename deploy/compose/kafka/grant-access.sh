#!/usr/bin/env bash
# compose's kafka-access: the admin's client login (password from KAFKA_ADMIN_PASSWORD) in a file only its owner
# reads, then deploy/kafka/ledger-access.sh (mounted beside this folder) creates the ledger's users and ACLs.
set -euo pipefail
umask 077
export KAFKA_ADMIN_CONFIG=/tmp/admin.properties
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="%s";\n' \
  "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}" > "$KAFKA_ADMIN_CONFIG"
exec bash /ledger/kafka-access/ledger-access.sh

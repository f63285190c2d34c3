#!/usr/bin/env bash
# Starts the compose file's Kafka broker: server.properties beside this script, plus the SASL logins of the admin
# (password from KAFKA_ADMIN_PASSWORD) and any properties in KAFKA_EXTRA_PROPERTIES (a file, appended last); formats
# the storage with the admin's SCRAM credential on the first start (kept on later ones). KAFKA_HOME: /opt/kafka.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin="${KAFKA_HOME:-/opt/kafka}/bin"
password=${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}
case $password in *[\"\\]*) echo "KAFKA_ADMIN_PASSWORD must not hold quotes or backslashes" >&2; exit 2;; esac
config="${KAFKA_CONFIG_DIR:-/tmp}/server.properties"
umask 077
{
  cat "$here/server.properties"
  echo "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$password\";"
  echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$password\" user_admin=\"$password\";"
  if [ -n "${KAFKA_EXTRA_PROPERTIES:-}" ]; then cat "$KAFKA_EXTRA_PROPERTIES"; fi
} > "$config"
# the admin's client login, for the health check and tools run inside the container
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="%s";\n' \
  "$password" > "${KAFKA_CONFIG_DIR:-/tmp}/admin.properties"
"$bin/kafka-storage.sh" format --ignore-formatted -t "${KAFKA_CLUSTER_ID:?set KAFKA_CLUSTER_ID}" -c "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$password]"
exec "$bin/kafka-server-start.sh" "$config"

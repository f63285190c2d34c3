#!/usr/bin/env bash
# The ledger's Kafka users and ACLs on a broker with SASL/SCRAM and an authorizer (docs/security.md, "SASL on an
# existing Kafka"), run as a super user. Safe to run again: users are updated, existing ACLs stay.
#   KAFKA_BOOTSTRAP       the brokers, host:port[,host:port]
#   KAFKA_ADMIN_CONFIG    a client properties file with a super user's security.protocol, sasl.mechanism, sasl.jaas.config
#   LEDGER_PASSWORDS_DIR  holds <user>.password for command-api, executor, projection, ledger-client (default: .)
#   KAFKA_HOME            where bin/kafka-configs.sh and bin/kafka-acls.sh are (default: /opt/kafka)
# deploy/compose runs it once the broker is up; docs/security.md shows the same commands; ExistingKafkaSaslIT
# (deploy/local) runs it against a broker started from Kafka's jars and compares the result with KafkaAccess.
set -euo pipefail
PATH="${KAFKA_HOME:-/opt/kafka}/bin:$PATH"
cd "${LEDGER_PASSWORDS_DIR:-.}"
B=${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP}; A="--bootstrap-server $B --command-config ${KAFKA_ADMIN_CONFIG:?set KAFKA_ADMIN_CONFIG}"
# --- the commands of docs/security.md from here on ---
for user in command-api executor projection ledger-client; do   # a password of its own for each
  kafka-configs.sh $A --alter --entity-type users --entity-name $user \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(cat $user.password)]"
done
acl() { kafka-acls.sh $A --add --allow-principal "User:$1" "${@:2}"; }
acl command-api --operation Read --topic ledger.commands --topic ledger.step-outcomes --group command-api
acl command-api --operation Write --topic ledger.events --topic ledger.command-results --topic ledger.fleet-events \
  --topic ledger.commands.command-api.dlt --topic ledger.step-outcomes.command-api.dlt
acl command-api --operation DescribeConfigs --topic ledger.events
acl executor --operation Read --topic ledger.events --group executor
acl executor --operation Write --topic ledger.step-outcomes --topic ledger.events.executor.dlt
acl projection --operation Read --topic ledger.events --topic ledger.fleet-events --group projection
acl projection --operation Write --topic ledger.events.projection.dlt --topic ledger.fleet-events.projection.dlt
acl ledger-client --operation Write --topic ledger.commands
acl ledger-client --operation Read --topic ledger.command-results
acl ledger-client --operation Read --resource-pattern-type prefixed --group ledger-client
for user in command-api executor projection; do   # or create the topics yourself and leave this out
  acl $user --operation Create --operation Describe --topic ledger.events --topic ledger.commands \
    --topic ledger.command-results --topic ledger.step-outcomes --topic ledger.fleet-events
done
acl command-api --operation Create --topic ledger.commands.command-api.dlt --topic ledger.step-outcomes.command-api.dlt
acl executor --operation Create --topic ledger.events.executor.dlt
acl projection --operation Create --topic ledger.events.projection.dlt --topic ledger.fleet-events.projection.dlt

package dev.upgradeledger.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @Test
    void rendersASingleNodeCombinedModeConfiguration() throws IOException {
        Path data = Path.of("/srv/ledger/kafka/data");
        Properties properties = new Properties();
        properties.load(new StringReader(KafkaBroker.serverProperties(data, 19092)));

        assertThat(properties).containsAllEntriesOf(Map.ofEntries(
                Map.entry("node.id", "1"),
                Map.entry("process.roles", "broker,controller"),
                Map.entry("listeners", "SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"),
                Map.entry("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:19092"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"),
                Map.entry("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("super.users", "User:admin"),
                Map.entry("allow.everyone.if.no.acl.found", "false"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:19093"),
                Map.entry("log.dirs", "/srv/ledger/kafka/data"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "6")));
    }
}

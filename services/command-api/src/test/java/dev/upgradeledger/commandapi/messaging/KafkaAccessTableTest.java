package dev.upgradeledger.commandapi.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.local.KafkaAccess;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's ACLs ({@link KafkaAccess}, in deploy/local, which cannot see the contract) name the contract's
 * topics, and give each topic's writers and readers exactly as docs/security.md says.
 */
class KafkaAccessTableTest {

    @Test
    void theAclsNameTheContractsTopics() {
        assertThat(KafkaAccess.COMMANDS).isEqualTo(LedgerTopics.COMMANDS);
        assertThat(KafkaAccess.COMMAND_RESULTS).isEqualTo(LedgerTopics.COMMAND_RESULTS);
        assertThat(KafkaAccess.EVENTS).isEqualTo(LedgerTopics.EVENTS);
        assertThat(KafkaAccess.STEP_OUTCOMES).isEqualTo(LedgerTopics.STEP_OUTCOMES);
    }

    @Test
    void onlyTheExecutorWritesStepOutcomesAndOnlyCommandApiWritesEventsAndReadsCommands() {
        assertThat(principals(LedgerTopics.STEP_OUTCOMES, AclOperation.WRITE)).containsExactly("User:executor");
        assertThat(principals(LedgerTopics.EVENTS, AclOperation.WRITE)).containsExactly("User:command-api");
        assertThat(principals(LedgerTopics.COMMANDS, AclOperation.READ)).containsExactly("User:command-api");
        assertThat(principals(LedgerTopics.STEP_OUTCOMES, AclOperation.READ)).containsExactly("User:command-api");
        assertThat(principals(LedgerTopics.COMMANDS, AclOperation.WRITE)).containsExactly("User:ledger-client");
        assertThat(principals(LedgerTopics.EVENTS, AclOperation.READ))
                .containsExactlyInAnyOrder("User:executor", "User:projection");
        assertThat(principals(LedgerTopics.deadLetter(LedgerTopics.EVENTS, "projection"), AclOperation.WRITE))
                .containsExactly("User:projection");
        assertThat(principals(LedgerTopics.FLEET_EVENTS, AclOperation.READ)).containsExactly("User:projection");
        assertThat(principals(LedgerTopics.deadLetter(LedgerTopics.FLEET_EVENTS, "projection"), AclOperation.WRITE))
                .containsExactly("User:projection");
    }

    private static List<String> principals(String topic, AclOperation operation) {
        return KafkaAccess.acls().stream()
                .filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC && acl.pattern().name().equals(topic)
                        && acl.entry().operation() == operation)
                .map(AclBinding::entry).map(entry -> entry.principal()).toList();
    }
}

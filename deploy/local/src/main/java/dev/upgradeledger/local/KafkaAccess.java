package dev.upgradeledger.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the ledger's Kafka topics: the SCRAM users of the embedded broker (one per service, one for
 * clients that send commands, and the {@value #ADMIN} super user) and their ACLs. The same table is documented in
 * {@code docs/security.md} for an existing Kafka. Topic and group names are the contract's ({@code LedgerTopics} and
 * the services' {@code spring.kafka.consumer.group-id}); a test in {@code platform/test-support} keeps them equal.
 *
 * <p>The passwords are for a developer's machine and the tests only, like the local issuer's client secrets.
 */
public final class KafkaAccess {

    /** The SASL mechanism of the ledger's listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The super user: the broker itself, topic set-up, tests and tools that read or write any topic. */
    public static final String ADMIN = "admin";
    public static final String COMMAND_API = "command-api";
    public static final String EXECUTOR = "executor";
    public static final String PROJECTION = "projection";
    /** Whoever sends commands over Kafka (the CLI, automation, other systems): their token names the actor. */
    public static final String CLIENT = "ledger-client";
    /** Consumer groups of command clients reading their answers must start with this prefix. */
    public static final String CLIENT_GROUP_PREFIX = "ledger-client";

    public static final String COMMANDS = "ledger.commands";
    public static final String COMMAND_RESULTS = "ledger.command-results";
    public static final String EVENTS = "ledger.events";
    public static final String STEP_OUTCOMES = "ledger.step-outcomes";
    public static final String FLEET_EVENTS = "ledger.fleet-events";

    /** Every user of the embedded broker but the super user. */
    public static final List<String> USERS = List.of(COMMAND_API, EXECUTOR, PROJECTION, CLIENT);

    private KafkaAccess() {
    }

    /** The development password of a user of the embedded broker. */
    public static String password(String user) {
        return user + "-kafka-secret";
    }

    /** Kafka client properties that authenticate as {@code user} on the embedded broker. */
    public static Map<String, Object> clientProperties(String user) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password(user)));
        return properties;
    }

    /** The environment variables a ledger service reads to authenticate as {@code user} on the embedded broker. */
    public static Map<String, String> serviceEnvironment(String user) {
        return Map.of("LEDGER_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "LEDGER_KAFKA_SASL_MECHANISM", MECHANISM,
                "LEDGER_KAFKA_USERNAME", user,
                "LEDGER_KAFKA_PASSWORD", password(user));
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The dead-letter topic of a consumer group, as {@code LedgerTopics.deadLetter} names it. */
    static String deadLetter(String topic, String group) {
        return topic + "." + group + ".dlt";
    }

    /**
     * The ACLs of the ledger's users. Each service may create and describe the shared topics (every service declares
     * them at start-up, and creates whichever is missing) and its own dead-letter topics; beyond that:
     * command-api reads commands and step outcomes and writes events, fleet events and answers; the executor reads events and
     * writes step outcomes; the projection reads events and fleet events; a client writes commands and reads answers.
     */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        List<String> shared = List.of(EVENTS, COMMANDS, COMMAND_RESULTS, STEP_OUTCOMES, FLEET_EVENTS);

        for (String service : List.of(COMMAND_API, EXECUTOR, PROJECTION)) {
            for (String topic : shared) {
                acls.add(topic(service, topic, AclOperation.CREATE));
                acls.add(topic(service, topic, AclOperation.DESCRIBE));
            }
            acls.add(group(service, service, PatternType.LITERAL));
        }
        // command-api: takes commands and step outcomes, publishes events, answers commands
        allow(acls, COMMAND_API, AclOperation.READ, COMMANDS, STEP_OUTCOMES);
        allow(acls, COMMAND_API, AclOperation.WRITE, EVENTS, COMMAND_RESULTS, FLEET_EVENTS);
        allow(acls, COMMAND_API, AclOperation.DESCRIBE_CONFIGS, EVENTS);
        ownDeadLetters(acls, COMMAND_API, COMMANDS, STEP_OUTCOMES);
        // the executor: acts on events, reports outcomes on a topic only it may write
        allow(acls, EXECUTOR, AclOperation.READ, EVENTS);
        allow(acls, EXECUTOR, AclOperation.WRITE, STEP_OUTCOMES);
        ownDeadLetters(acls, EXECUTOR, EVENTS);
        // the projection: reads events
        allow(acls, PROJECTION, AclOperation.READ, EVENTS, FLEET_EVENTS);
        ownDeadLetters(acls, PROJECTION, EVENTS, FLEET_EVENTS);
        // clients: send commands, read the answers
        allow(acls, CLIENT, AclOperation.WRITE, COMMANDS);
        allow(acls, CLIENT, AclOperation.READ, COMMAND_RESULTS);
        acls.add(group(CLIENT, CLIENT_GROUP_PREFIX, PatternType.PREFIXED));
        return acls;
    }

    private static void ownDeadLetters(List<AclBinding> acls, String service, String... consumed) {
        for (String topic : consumed) {
            String deadLetter = deadLetter(topic, service);
            acls.add(topic(service, deadLetter, AclOperation.CREATE));
            acls.add(topic(service, deadLetter, AclOperation.WRITE));
        }
    }

    private static void allow(List<AclBinding> acls, String user, AclOperation operation, String... topics) {
        for (String topic : topics) {
            acls.add(topic(user, topic, operation));
        }
    }

    private static AclBinding topic(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), allowed(user,
                operation));
    }

    private static AclBinding group(String user, String group, PatternType patternType) {
        return new AclBinding(new ResourcePattern(ResourceType.GROUP, group, patternType),
                allowed(user, AclOperation.READ));
    }

    private static AccessControlEntry allowed(String user, AclOperation operation) {
        return new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW);
    }
}

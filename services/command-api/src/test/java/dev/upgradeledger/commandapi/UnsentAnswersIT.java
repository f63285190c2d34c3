package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.support.kafka.LedgerKafkaProperties;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Answers that cannot be sent: command-api loses its right to write {@value LedgerTopics#COMMAND_RESULTS} (its ACL is
 * removed) for longer than the consumers' error handler retries a record before dead-lettering it, while commands come;
 * their effects are stored once, their answers are sent once the right is back, and no record is dead-lettered.
 */
@LedgerIntegrationTest
class UnsentAnswersIT extends ServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    LedgerKafkaProperties kafkaProperties;

    private final CommandCodec codec = new CommandCodec();

    @Test
    void answersThatCannotBeSentAreSentWhenTheTopicIsBackAndNoRecordIsDeadLettered() throws Exception {
        AclBinding answerWrite = KafkaAccess.acls().stream()
                .filter(acl -> acl.pattern().name().equals(LedgerTopics.COMMAND_RESULTS)
                        && acl.entry().operation() == AclOperation.WRITE
                        && acl.entry().principal().endsWith(":" + KafkaAccess.COMMAND_API))
                .findFirst().orElseThrow();
        List<String> clusters = new ArrayList<>();
        List<String> commandIds = new ArrayList<>();
        java.util.Map<String, List<String>> stored = new java.util.HashMap<>();
        double unsentBefore = unsentAnswers();
        try (Admin admin = Admin.create(LedgerInfrastructure.get().kafkaProperties())) {
            admin.deleteAcls(List.of(answerWrite.toFilter())).all().get(30, TimeUnit.SECONDS);
            try {
                await(UnsentAnswersIT::commandApiMayNotAnswer, Duration.ofSeconds(30));
                for (int i = 0; i < 3; i++) {
                    String clusterId = "ua-" + UUID.randomUUID().toString().substring(0, 13);
                    String commandId = UUID.randomUUID().toString();
                    clusters.add(clusterId);
                    commandIds.add(commandId);
                    send(clusterId, codec.encode(envelope(commandId, registration(clusterId))));
                }
                // the same command again (a client's resend): answered twice, stored once
                send(clusters.get(0), codec.encode(envelope(commandIds.get(0), registration(clusters.get(0)))));

                // the listener holds on to its poll until its answers are out: later commands wait, stored or not
                await(() -> clusters.stream().anyMatch(cluster -> storedEvents(cluster) > 0), Duration.ofSeconds(60));
                await(() -> unsentAnswers() > unsentBefore, Duration.ofSeconds(30));
                // longer than the error handler retries a failed poll before dead-lettering its records
                Thread.sleep(kafkaProperties.retry().maxElapsed().plusSeconds(5).toMillis());
                assertThat(answers(commandIds, Duration.ofSeconds(1))).as("nothing answered while it may not")
                        .isEmpty();
                clusters.stream().filter(cluster -> storedEvents(cluster) > 0)
                        .forEach(cluster -> stored.put(cluster, new StoredEvents(jdbc).types(cluster)));
            } finally {
                admin.createAcls(List.of(answerWrite)).all().get(30, TimeUnit.SECONDS);
            }
        }

        List<CommandResult> answered = answers(commandIds, Duration.ofSeconds(60), commandIds.size() + 1);
        for (String commandId : commandIds) {
            assertThat(answered).as("answers to %s", commandId).filteredOn(r -> r.commandId().equals(commandId))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(CommandResult.ACCEPTED));
        }
        assertThat(answered).filteredOn(r -> r.commandId().equals(commandIds.get(0))).as("the resend too")
                .hasSizeGreaterThanOrEqualTo(2);
        List<String> registered = stored.values().iterator().next();
        assertThat(registered).isNotEmpty();
        for (String clusterId : clusters) {
            assertThat(new StoredEvents(jdbc).types(clusterId)).as("effects once: the events of one registration")
                    .isEqualTo(registered);
        }
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.COMMANDS,
                KafkaAccess.COMMAND_API))) {
            assertThat(deadLetters.readUntil(records -> false, Duration.ofSeconds(5)))
                    .noneMatch(record -> clusters.contains(record.key()));
        }
        assertThat(unsentAnswers()).isGreaterThan(unsentBefore);
    }

    /** Whether command-api's user is refused writing the answer topic (the ACL's removal has taken effect). */
    private static boolean commandApiMayNotAnswer() {
        try {
            LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.COMMAND_API)
                    .send(LedgerTopics.COMMAND_RESULTS, "probe", "{}").get(10, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TopicAuthorizationException) {
                    return true; // KafkaTemplate wraps it in a KafkaProducerException
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private List<CommandResult> answers(List<String> commandIds, Duration wait) {
        return answers(commandIds, wait, Integer.MAX_VALUE);
    }

    /** The answers to the commands on the answer topic, read until {@code atLeast} came or {@code wait} passed. */
    private List<CommandResult> answers(List<String> commandIds, Duration wait, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            return reader.readUntil(records -> records.stream().filter(r -> commandIds.contains(r.key())).count()
                            >= atLeast && commandIds.stream().allMatch(id -> records.stream()
                            .anyMatch(r -> id.equals(r.key()))), wait).stream()
                    .filter(r -> commandIds.contains(r.key()))
                    .map(ConsumerRecord::value)
                    .map(codec::decodeResult)
                    .toList();
        }
    }

    private double unsentAnswers() {
        Counter counter = meters.find("ledger.commands.answers.unsent").counter();
        return counter == null ? 0 : counter.count();
    }

    private int storedEvents(String clusterId) {
        return new StoredEvents(jdbc).count(clusterId);
    }

    /** As an operator of every cluster, whose token the record carries. */
    private static void send(String key, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(LedgerTopics.COMMANDS, key, value);
        record.headers().add(LedgerTopics.AUTHORIZATION_HEADER, ("Bearer " + TestIssuer.get()
                .token("kafka-operator", "operator:*")).getBytes(StandardCharsets.UTF_8));
        LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.CLIENT).send(record).join();
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static CommandEnvelope envelope(String commandId, RegisterCluster command) {
        return new CommandEnvelope(commandId, command.getClass().getSimpleName(), "kafka-test", null, command);
    }

    private static RegisterCluster registration(String clusterId) {
        return new RegisterCluster(ClusterId.of(clusterId), "camunda", Version.of("7.5"), Version.of("7.5"),
                List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.1:8080", null)),
                new ReleaseCatalog(List.of(new ReleaseLine("7.5", List.of(Version.of("7.5"))),
                        new ReleaseLine("7.6", List.of(Version.of("7.6"))))),
                new PolicyRules(true, true, false, true, false));
    }
}

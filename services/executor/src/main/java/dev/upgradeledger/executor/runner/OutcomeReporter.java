package dev.upgradeledger.executor.runner;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.support.envelope.CommandCodec;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Reports an outcome as a {@code ReportStepOutcome} command on {@value LedgerTopics#STEP_OUTCOMES}, keyed by the
 * cluster: the topic only the executor's Kafka principal may write, so no token is fetched or sent per report, and a
 * report that waits in the topic cannot expire. Kafka rather than REST: the report waits in the topic while
 * command-api is down or restarting, and its command id
 * ({@code executor:<idempotency key>}) is the same every time the outcome is sent again, so command-api applies it once
 * and answers a repeat with its first answer.
 */
@Component
class OutcomeReporter {

    static final String ACTOR = "executor";

    private final KafkaTemplate<String, String> kafka;
    private final CommandCodec codec;
    private final ExecutorProperties properties;

    OutcomeReporter(KafkaTemplate<String, String> kafka, CommandCodec codec, ExecutorProperties properties) {
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
    }

    void report(StepRequest step, StepOutcome outcome) throws Exception {
        ReportStepOutcome command = new ReportStepOutcome(ClusterId.of(step.reportTo()), UpgradeId.of(step.upgradeId()),
                step.stepId(), step.attempt(), step.managerEpoch(), outcome);
        CommandEnvelope envelope = new CommandEnvelope("executor:" + step.idempotencyKey(), "ReportStepOutcome", ACTOR,
                step.correlationId(), command);
        kafka.send(LedgerTopics.STEP_OUTCOMES, step.reportTo(), codec.encode(envelope))
                .get(properties.reportTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}

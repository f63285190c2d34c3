package dev.upgradeledger.executor.runner;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.NodeDriver;
import dev.upgradeledger.executor.nodes.NodeDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Performs one started step through its cluster's driver and reports the outcome, effects once: the outcome is stored
 * under the step's idempotency key before it is reported, so a redelivered {@code StepStarted} is reported again from
 * that record instead of being performed again; a crash while the driver acts leads to the same call with the same
 * key, which the driver de-duplicates. A step whose deadline has passed is not started: the ledger has timed it out.
 */
@Component
public class StepRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    private final NodeDrivers drivers;
    private final NodeDirectory directory;
    private final StepExecutions executions;
    private final OutcomeReporter reporter;
    private final ExecutorProperties properties;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService actions;

    StepRunner(NodeDrivers drivers, NodeDirectory directory, StepExecutions executions, OutcomeReporter reporter,
               ExecutorProperties properties, MeterRegistry meters) {
        this.drivers = drivers;
        this.directory = directory;
        this.executions = executions;
        this.reporter = reporter;
        this.properties = properties;
        this.meters = meters;
        this.actions = Executors.newFixedThreadPool(properties.actionThreads());
    }

    public void run(EventEnvelope envelope, StepStarted started) throws Exception {
        StepRequest step = StepRequest.of(envelope, started);
        String key = step.idempotencyKey();
        String reported = executions.completedOutcome(key).orElse(null);
        if (reported != null) {
            count(step, "re-reported", "none");
            reporter.report(step, json.readValue(reported, StepOutcome.class));
            return;
        }
        Duration left = Duration.between(Instant.now(), step.deadline());
        if (left.isNegative()) {
            log.info("Step {} attempt {} of {} passed its deadline before it could start; the ledger times it out",
                    step.stepId(), step.attempt(), step.reportTo());
            count(step, "expired", "none");
            return;
        }
        String driverName = properties.driverOf(step.clusterId());
        executions.started(key, step, driverName);
        StepOutcome outcome = outcomeOf(step, perform(step, driverName, min(left, properties.actionTimeout())));
        executions.completed(key, json.writeValueAsString(outcome));
        reporter.report(step, outcome);
    }

    private ActionResult perform(StepRequest step, String driverName, Duration timeout) throws InterruptedException {
        NodeDriver driver = drivers.named(driverName).orElse(null);
        if (driver == null) {
            return ActionResult.failed("unknown-driver", "no driver named " + driverName, false);
        }
        NodeTarget node = null;
        if (step.nodeId() != null) {
            node = directory.find(step.clusterId(), step.nodeId()).orElse(null);
            if (node == null) {
                return ActionResult.failed("unknown-node", "cluster " + step.clusterId() + " has no node "
                        + step.nodeId() + " the executor knows of", false);
            }
        }
        ActionContext context = new ActionContext(step.idempotencyKey(), step.clusterId(), step.upgradeId(),
                step.stepId(), step.attempt(), step.action(), node, step.parameters(), timeout);
        Timer.Sample sample = Timer.start(meters);
        Future<ActionResult> running = actions.submit(() -> driver.perform(context));
        try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return ActionResult.failed("timeout", step.action() + " did not finish within " + timeout, true);
        } catch (ExecutionException e) {
            log.warn("Driver {} failed on {} of step {}", driverName, step.action(), step.stepId(), e.getCause());
            return ActionResult.failed("driver-error", String.valueOf(e.getCause().getMessage()), true);
        } finally {
            sample.stop(meters.timer("ledger.executor.action.duration", "driver", driverName,
                    "action", step.action().name()));
        }
    }

    private StepOutcome outcomeOf(StepRequest step, ActionResult result) {
        if (result instanceof ActionResult.Succeeded succeeded) {
            count(step, "succeeded", "none");
            return new StepOutcome.Succeeded(succeeded.facts());
        }
        ActionResult.Failed failed = (ActionResult.Failed) result;
        count(step, "failed", failed.code());
        return new StepOutcome.Failed(failed.code(), failed.message() == null ? "" : failed.message(),
                failed.retryable());
    }

    private void count(StepRequest step, String outcome, String code) {
        meters.counter("ledger.executor.steps", "action", step.action().name(), "outcome", outcome, "code", code)
                .increment();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void destroy() {
        actions.shutdownNow();
    }
}

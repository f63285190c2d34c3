package dev.upgradeledger.executor.runner;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.InputLimits;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.NodeDriver;
import dev.upgradeledger.executor.nodes.NodeDirectory;
import dev.upgradeledger.executor.runner.StepExecutions.Claimed;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts started steps into the inbox ({@code step_execution}) and performs the ones this instance holds, effects
 * once per (step, attempt): the driver is called with the step's idempotency key, the outcome is stored under it
 * before it is reported, and a step taken over after a crash is either reported again from that record or, if no
 * outcome was stored, performed again with the same key (drivers de-duplicate by key). A step whose deadline has
 * passed is not started: the ledger has timed it out.
 *
 * <p>Performing a step is a span ({@code step <action>}) in the trace the step was accepted in, on whichever instance
 * performs it; the outcome's report (a Kafka send) carries that trace on to command-api.
 */
@Component
public class StepRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);
    /** How soon a step that could not start (its node busy) or could not be reported is claimed again. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final NodeDrivers drivers;
    private final NodeDirectory directory;
    private final StepExecutions executions;
    private final OutcomeReporter reporter;
    private final ExecutorProperties properties;
    private final MeterRegistry meters;
    private final LedgerTracing tracing;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Runs the drivers' calls, so that a worker can give up on one at its time-out even if the driver never returns. */
    private final ExecutorService actions = Executors.newCachedThreadPool(named("executor-action-"));
    /**
     * Permits to do a step's own work (claim it, store and report its outcome), held by a worker except while it waits
     * for the step's action: with hundreds of steps in flight, at most this many workers are runnable at once.
     */
    private final Semaphore bookkeeping;
    /** Whether the worker running {@link #perform} on this thread holds a permit now. */
    private static final ThreadLocal<Boolean> HOLDING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    StepRunner(NodeDrivers drivers, NodeDirectory directory, StepExecutions executions, OutcomeReporter reporter,
               ExecutorProperties properties, MeterRegistry meters, LedgerTracing tracing) {
        this.tracing = tracing;
        this.drivers = drivers;
        this.directory = directory;
        this.executions = executions;
        this.reporter = reporter;
        this.properties = properties;
        this.meters = meters;
        this.bookkeeping = new Semaphore(properties.bookkeepingPermits());
        Gauge.builder("ledger.executor.bookkeeping.waiting", bookkeeping, Semaphore::getQueueLength)
                .description("steps waiting for a permit to claim, store or report (ledger.executor."
                        + "bookkeeping-concurrency)").register(meters);
    }

    /**
     * Stores a started step, claimed by {@code instance}; called in the listener's transaction.
     *
     * @param traceparent the trace to perform the step in, or null
     * @return the step's idempotency key if {@code instance} is to perform (or report) it; empty for a step the
     *         executor already has (a redelivery) or whose deadline has passed
     */
    public Optional<String> accept(EventEnvelope envelope, StepStarted started, String instance, String traceparent) {
        StepRequest step = StepRequest.of(envelope, started, traceparent);
        String driver = properties.driverOf(step.clusterId());
        if (!step.deadline().isAfter(Instant.now())) {
            log.info("Step {} attempt {} of {} passed its deadline before it could start; the ledger times it out",
                    step.stepId(), step.attempt(), step.reportTo());
            if (executions.accept(step, driver, "EXPIRED", instance, null).isPresent()) {
                count(step, "expired", "none");
            }
            return Optional.empty();
        }
        Optional<String> status = executions.accept(step, driver, "PENDING", instance, properties.lease());
        if (status.isEmpty()) {
            count(step, "duplicate", "none");
            return Optional.empty();
        }
        return Optional.of(step.idempotencyKey());
    }

    /**
     * Performs (or reports) a step {@code instance} holds, if it still does. Returns when the outcome was reported and
     * recorded, or the step was handed back to be claimed again (node busy, report not acknowledged, claim lost).
     *
     * @throws InterruptedException when the instance is stopping; the step stays claimed until its lease runs out
     */
    void perform(String key, String instance) throws InterruptedException {
        bookkeeping.acquire();
        HOLDING.set(Boolean.TRUE);
        try {
            performHolding(key, instance);
        } finally {
            if (HOLDING.get()) {
                bookkeeping.release();
            }
            HOLDING.remove();
        }
    }

    /** {@link #perform} with a bookkeeping permit held (given up while the action runs, see {@link #act}). */
    private void performHolding(String key, String instance) throws InterruptedException {
        StepExecutions.Begun begun = executions.begin(key, instance, properties.lease()).orElse(null);
        Claimed step = begun != null ? begun.step() : executions.claimed(key, instance).orElse(null);
        if (step == null) {
            log.debug("Step {} is no longer held by {}", key, instance);
            return;
        }
        StepRequest request = step.request();
        Span span = tracing.startChild("step " + request.action(), request.traceparent());
        if (span != null) {
            span.tag("ledger.cluster.id", request.clusterId()).tag("ledger.upgrade.id", request.upgradeId())
                    .tag("ledger.step.id", request.stepId()).tag("ledger.step.attempt", request.attempt())
                    .tag("ledger.executor.driver", String.valueOf(step.driver()));
        }
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            if (begun != null) {
                performBegun(begun, instance);
            } else {
                perform(step, instance);
            }
        } catch (InterruptedException | RuntimeException e) {
            if (span != null) {
                span.error(e);
            }
            throw e;
        } finally {
            if (span != null) {
                span.end();
            }
        }
    }

    /** A step {@link StepExecutions#begin} marked RUNNING here (or found its node busy). */
    private void performBegun(StepExecutions.Begun begun, String instance) throws InterruptedException {
        Claimed step = begun.step();
        if (begun.start() == StepExecutions.Start.NODE_BUSY) {
            executions.release(step.key(), instance, RETRY_DELAY);
            nodeBusy(step.key(), step.request());
            return;
        }
        act(step, begun.node(), instance);
    }

    private void nodeBusy(String key, StepRequest request) {
        log.info("Step {} waits: another step on node {} of {} is still running", key, request.nodeId(),
                request.clusterId());
        count(request, "node-busy", "none");
    }

    private void perform(Claimed step, String instance) throws InterruptedException {
        String key = step.key();
        StepRequest request = step.request();
        if ("COMPLETED".equals(step.status())) {
            count(request, "re-reported", "none");
            report(step, json.readValue(step.outcome(), StepOutcome.class), instance);
            return;
        }
        Duration left = Duration.between(Instant.now(), request.deadline());
        if (left.isNegative() || left.isZero()) {
            log.info("Step {} attempt {} of {} passed its deadline before it could start; the ledger times it out",
                    request.stepId(), request.attempt(), request.reportTo());
            if (executions.expired(key, instance)) {
                count(request, "expired", "none");
            }
            return;
        }
        switch (executions.start(step, instance, properties.lease(), RETRY_DELAY)) {
            case NODE_BUSY -> {
                nodeBusy(key, request);
                return;
            }
            case LOST -> {
                log.warn("Step {} was taken over by another instance before it started here", key);
                return;
            }
            case STARTED -> {
            }
        }
        act(step, null, instance);
    }

    /**
     * Calls the driver for a step marked RUNNING here, stores the outcome and reports it. {@code node}: the step's node
     * as already read, or null to look it up.
     */
    private void act(Claimed step, NodeTarget node, String instance) throws InterruptedException {
        String key = step.key();
        StepRequest request = step.request();
        Duration timeout = min(Duration.between(Instant.now(), request.deadline()), properties.actionTimeout());
        StepOutcome outcome = outcomeOf(request, call(request, step.driver(), node, timeout));
        if (outcome instanceof StepOutcome.Failed failed) {
            log.info("Step {} ({} {}) failed: {} {}", key, request.action(), describeNode(request), failed.code(),
                    failed.message());
        } else {
            log.info("Step {} ({} {}) succeeded", key, request.action(), describeNode(request));
        }
        if (!executions.completed(key, instance, json.writeValueAsString(outcome))) {
            log.warn("Step {} was taken over by another instance while it acted here (lease lost); that instance "
                    + "reports it", key);
            return;
        }
        report(step, outcome, instance);
    }

    private void report(Claimed step, StepOutcome outcome, String instance) throws InterruptedException {
        try {
            reporter.report(step.request(), outcome);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.warn("Outcome of step {} not acknowledged by Kafka; it is reported again in {}", step.key(),
                    RETRY_DELAY, e);
            executions.release(step.key(), instance, RETRY_DELAY);
            return;
        }
        executions.reported(step.key(), instance);
    }

    /**
     * Calls the driver, timed as {@code ledger.executor.action.duration{driver,action,outcome,code}} (outcome
     * {@code succeeded}, {@code failed} with the failure's code, e.g. {@code timeout}, or {@code interrupted}).
     */
    private ActionResult call(StepRequest step, String driverName, NodeTarget known, Duration timeout)
            throws InterruptedException {
        if (driverName == null || driverName.isBlank()) {
            return ActionResult.failed("no-driver", "no driver is configured for cluster " + step.clusterId()
                    + ": set ledger.executor.cluster-drivers." + step.clusterId() + " (http or script) or"
                    + " ledger.executor.default-driver", false);
        }
        Timer.Sample sample = Timer.start(meters);
        ActionResult result = null;
        try {
            result = act(step, driverName, known, timeout);
            return result;
        } finally {
            sample.stop(meters.timer("ledger.executor.action.duration", "driver", driverName,
                    "action", step.action().name(),
                    "outcome", result == null ? "interrupted"
                            : result instanceof ActionResult.Failed ? "failed" : "succeeded",
                    "code", result instanceof ActionResult.Failed failed ? failed.code() : "none"));
        }
    }

    private ActionResult act(StepRequest step, String driverName, NodeTarget known, Duration timeout)
            throws InterruptedException {
        NodeDriver driver = drivers.named(driverName).orElse(null);
        if (driver == null) {
            return ActionResult.failed("unknown-driver", "no driver named " + driverName, false);
        }
        NodeTarget node = known;
        if (node == null && step.nodeId() != null) {
            node = directory.find(step.clusterId(), step.nodeId()).orElse(null);
            if (node == null) {
                return ActionResult.failed("unknown-node", "cluster " + step.clusterId() + " has no node "
                        + step.nodeId() + " the executor knows of", false);
            }
        }
        ActionContext context = new ActionContext(step.idempotencyKey(), step.clusterId(), step.upgradeId(),
                step.stepId(), step.attempt(), step.action(), node, step.parameters(), timeout);
        // the action is the node's work, not this instance's: the permit goes to another step meanwhile
        boolean gaveUp = HOLDING.get();
        if (gaveUp) {
            bookkeeping.release();
            HOLDING.set(Boolean.FALSE);
        }
        Future<ActionResult> running = null;
        try {
            running = actions.submit(() -> driver.perform(context));
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return ActionResult.failed("timeout", step.action() + " did not finish within " + timeout, true);
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            log.warn("Driver {} failed on {} of step {}", driverName, step.action(), step.stepId(), e.getCause());
            return ActionResult.failed("driver-error", String.valueOf(e.getCause().getMessage()), true);
        } finally {
            // held again to store and report the outcome (perform gives it back at the end); when the wait for it is
            // interrupted (the instance stops), the rest goes on without one and finds the interrupt
            if (gaveUp) {
                try {
                    bookkeeping.acquire();
                    HOLDING.set(Boolean.TRUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private StepOutcome outcomeOf(StepRequest step, ActionResult result) {
        if (result instanceof ActionResult.Succeeded succeeded) {
            try {
                StepOutcome outcome = new StepOutcome.Succeeded(succeeded.facts());
                count(step, "succeeded", "none");
                return outcome;
            } catch (InvalidValueException tooMuch) {
                result = ActionResult.failed("invalid-facts", tooMuch.getMessage(), false);
            }
        }
        ActionResult.Failed failed = (ActionResult.Failed) result;
        count(step, "failed", failed.code());
        String code = failed.code().length() > InputLimits.MAX_FAILURE_CODE
                ? failed.code().substring(0, InputLimits.MAX_FAILURE_CODE) : failed.code();
        String message = failed.message() == null ? "" : failed.message();
        if (message.length() > InputLimits.MAX_FAILURE_MESSAGE) {
            message = message.substring(0, InputLimits.MAX_FAILURE_MESSAGE - 4) + " ...";
        }
        return new StepOutcome.Failed(code, message, failed.retryable());
    }

    private void count(StepRequest step, String outcome, String code) {
        meters.counter("ledger.executor.steps", "action", step.action().name(), "outcome", outcome, "code", code)
                .increment();
    }

    private static String describeNode(StepRequest request) {
        return request.nodeId() == null ? "on " + request.clusterId() : "on node " + request.nodeId() + " of "
                + request.clusterId();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        actions.shutdownNow();
    }
}

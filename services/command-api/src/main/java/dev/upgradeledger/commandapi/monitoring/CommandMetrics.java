package dev.upgradeledger.commandapi.monitoring;

import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.cluster.ConflictRetry;
import dev.upgradeledger.commandapi.cluster.UpgradeDecision;
import dev.upgradeledger.commandapi.publishing.EventTooLargeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Times every command the command bus handles, REST and Kafka alike, as {@code ledger.commands} (Prometheus:
 * {@code ledger_commands_seconds_count} / {@code _sum} / {@code _max}) tagged with
 * <ul>
 *   <li>{@code type}: the command's simple name ({@code RequestUpgrade}, {@code ReportStepOutcome}, ...);</li>
 *   <li>{@code outcome}: {@code accepted} (its events were stored), {@code rejected} (an upgrade request refused by the
 *   version policy, answered with a decision), {@code refused} (refused by a rule of the cluster's state, or unknown
 *   or already registered cluster, or an event too large), {@code invalid} (a value the domain refused),
 *   {@code conflict} (lost the optimistic-concurrency race; {@link ConflictRetry} decides it again, and that attempt
 *   is counted too), {@code failed} (anything else);</li>
 *   <li>{@code rule}: the refusal's stable id (the problem type slug), {@code none} when accepted;</li>
 *   <li>{@code transport}: {@code rest} while an HTTP request is being served, {@code kafka} otherwise.</li>
 * </ul>
 * The outcome is taken when the command's unit of work commits or rolls back, so a conflict found while appending the
 * events counts as {@code conflict}, not as {@code accepted}. Requests refused at the edge before a command exists
 * (unreadable JSON, bean validation) never reach the bus: they show in {@code http_server_requests} with status 400,
 * and Kafka's as {@code INVALID} answers on {@code ledger.command-results}.
 */
@Component
public class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String NAME = "ledger.commands";

    private final MeterRegistry meters;

    @Autowired
    public CommandMetrics(MeterRegistry meters, CommandBus commandBus) {
        this(meters);
        commandBus.registerHandlerInterceptor(this);
    }

    CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
        String transport = RequestContextHolder.getRequestAttributes() != null ? "rest" : "kafka";
        long started = System.nanoTime();
        Object[] returned = new Object[1];
        Throwable[] thrown = new Throwable[1];
        unitOfWork.afterCommit(committed -> record(type, transport, started, Outcome.of(returned[0])));
        unitOfWork.onRollback(rolledBack -> {
            Throwable cause = thrown[0];
            ExecutionResult result = rolledBack.getExecutionResult();
            if (cause == null && result != null && result.isExceptionResult()) {
                cause = result.getExceptionResult();
            }
            record(type, transport, started, Outcome.of(cause));
        });
        try {
            returned[0] = chain.proceed();
            return returned[0];
        } catch (Exception | Error e) {
            thrown[0] = e;
            throw e;
        }
    }

    private void record(String type, String transport, long started, Outcome outcome) {
        Timer.builder(NAME).description("Commands handled, by type, outcome, rule and transport")
                .tag("type", type).tag("outcome", outcome.outcome()).tag("rule", outcome.rule())
                .tag("transport", transport)
                .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** What became of one command. */
    record Outcome(String outcome, String rule) {

        static Outcome of(Object returned) {
            if (returned instanceof UpgradeDecision decision && !decision.accepted()) {
                return new Outcome("rejected", decision.rule() == null ? "unknown" : decision.rule());
            }
            return new Outcome("accepted", "none");
        }

        static Outcome of(Throwable failure) {
            if (failure == null) {
                return new Outcome("failed", "unknown");
            }
            if (failure instanceof ClusterRefusal refusal) {
                return new Outcome("refused", refusal.rule());
            }
            if (failure instanceof AggregateNotFoundException) {
                return new Outcome("refused", "cluster-not-found");
            }
            if (failure instanceof AggregateStreamCreationException) {
                return new Outcome("refused", "cluster-already-registered");
            }
            if (failure instanceof EventTooLargeException) {
                return new Outcome("refused", "event-too-large");
            }
            if (ConflictRetry.isConflict(failure)) {
                return new Outcome("conflict", "concurrent-modification");
            }
            if (failure instanceof IllegalArgumentException) {
                return new Outcome("invalid", "invalid-request");
            }
            return new Outcome("failed", failure.getClass().getSimpleName());
        }
    }
}

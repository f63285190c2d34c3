package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends a cluster command with the request's audit trail and waits for the aggregate's answer. A command that lost
 * the optimistic-concurrency race on its cluster is decided again ({@link ConflictRetry}); inside a transaction that
 * the caller opened, the caller must retry that whole transaction instead (the failed insert aborted it).
 *
 * <p>Each command is a span ({@code command <type>}) in the trace of the request or record that brought it; the events
 * it stores carry that trace ({@code AuditCorrelationDataProvider}). A command is logged once handled, within that
 * span (the executor's step reports, many per upgrade, at debug level only).
 */
@Component
public class ClusterCommands {

    private static final Logger log = LoggerFactory.getLogger(ClusterCommands.class);

    private final CommandGateway gateway;
    private final ConflictRetry conflicts;
    private final LedgerTracing tracing;

    public ClusterCommands(CommandGateway gateway, ConflictRetry conflicts, LedgerTracing tracing) {
        this.gateway = gateway;
        this.conflicts = conflicts;
        this.tracing = tracing;
    }

    public <R> R send(ClusterCommand command, RequestAudit audit) {
        Span span = tracing.startSpan("command " + LedgerCommands.typeName(command.getClass()))
                .tag("ledger.cluster.id", command.clusterId().value())
                .tag("ledger.correlation.id", audit.correlationId());
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            R answer = TransactionSynchronizationManager.isActualTransactionActive() ? sendOnce(command, audit)
                    : conflicts.run(() -> sendOnce(command, audit));
            String type = LedgerCommands.typeName(command.getClass());
            if (command instanceof ReportStepOutcome) {
                log.debug("{} on {} from {} handled (correlation {})", type, command.clusterId().value(), audit.actor(),
                        audit.correlationId());
            } else {
                log.info("{} on {} from {} handled (correlation {})", type, command.clusterId().value(), audit.actor(),
                        audit.correlationId());
            }
            return answer;
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private <R> R sendOnce(ClusterCommand command, RequestAudit audit) {
        return gateway.sendAndWait(new GenericCommandMessage<>(command, audit.metaData()), 30, TimeUnit.SECONDS);
    }
}

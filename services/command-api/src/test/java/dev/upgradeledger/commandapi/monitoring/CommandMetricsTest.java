package dev.upgradeledger.commandapi.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.cluster.UpgradeDecision;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.Rule;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class CommandMetricsTest {

    record PauseUpgrade(String clusterId) {
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommandMetrics metrics = new CommandMetrics(meters);

    @Test
    void countsAnAcceptedCommandByTypeOnceItsUnitOfWorkCommits() throws Exception {
        handle(() -> "ok", null);

        assertThat(count("PauseUpgrade", "accepted", "none")).isEqualTo(1);
        assertThat(timer("PauseUpgrade", "accepted", "none").getId().getTag("transport")).isEqualTo("kafka");
    }

    @Test
    void countsAnUpgradeRefusedByTheVersionPolicyAsRejectedWithItsRule() throws Exception {
        handle(() -> new UpgradeDecision(false, false, Rule.NO_LINE_SKIPPING.id(), "7.4 -> 7.6 skips 7.5",
                List.of(), List.of(), null, List.of()), null);

        assertThat(count("PauseUpgrade", "rejected", Rule.NO_LINE_SKIPPING.id())).isEqualTo(1);
        assertThat(meters.find(CommandMetrics.NAME).tag("outcome", "accepted").timer()).isNull();
    }

    @Test
    void countsRefusalsByRuleInvalidValuesAndUnknownClusters() {
        assertThatThrownBy(() -> handle(() -> {
            throw new ClusterRefusal(Rule.UPGRADE_IN_PROGRESS, "an upgrade is running");
        }, null)).isInstanceOf(ClusterRefusal.class);
        assertThatThrownBy(() -> handle(() -> {
            throw new InvalidValueException("bad node id");
        }, null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> handle(() -> {
            throw new AggregateNotFoundException("c-1", "no such cluster");
        }, null)).isInstanceOf(AggregateNotFoundException.class);

        assertThat(count("PauseUpgrade", "refused", Rule.UPGRADE_IN_PROGRESS.id())).isEqualTo(1);
        assertThat(count("PauseUpgrade", "invalid", "invalid-request")).isEqualTo(1);
        assertThat(count("PauseUpgrade", "refused", "cluster-not-found")).isEqualTo(1);
    }

    @Test
    void countsAConflictFoundWhileCommittingTheEventsAsConflictNotAsAccepted() {
        assertThatThrownBy(() -> handle(() -> "decided", unitOfWork -> unitOfWork.onPrepareCommit(u -> {
            throw new ConcurrencyException("sequence 7 of c-1 already exists");
        }))).isInstanceOf(ConcurrencyException.class);

        assertThat(count("PauseUpgrade", "conflict", "concurrent-modification")).isEqualTo(1);
        assertThat(meters.find(CommandMetrics.NAME).tag("outcome", "accepted").timer()).isNull();
    }

    private interface Handler {
        Object handle() throws Exception;
    }

    private interface Staging {
        void stage(UnitOfWork<?> unitOfWork);
    }

    private void handle(Handler handler, Staging staging) throws Exception {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new PauseUpgrade("c-1"));
        DefaultUnitOfWork<CommandMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        InterceptorChain chain = () -> {
            if (staging != null) {
                staging.stage(unitOfWork);
            }
            return handler.handle();
        };
        var result = unitOfWork.executeWithResult(() -> metrics.handle(unitOfWork, chain));
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
    }

    private Timer timer(String type, String outcome, String rule) {
        return meters.get(CommandMetrics.NAME).tag("type", type).tag("outcome", outcome).tag("rule", rule).timer();
    }

    private long count(String type, String outcome, String rule) {
        return timer(type, outcome, rule).count();
    }
}

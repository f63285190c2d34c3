package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.events.FailureCause;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradePaused;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Revision 1 of {@link UpgradePaused} and {@link UpgradeFailed} carried only a reason text; revision 2 adds the typed
 * cause. Stored revision 1 events are read as revision 2: a pause gets the cause its reason text implies
 * ({@link PauseCause#fromLegacyReason}), a failure {@link FailureCause#UNKNOWN}; the other new fields stay empty.
 * Axon's auto-configuration puts every {@code EventUpcaster} bean into the storage engine's upcaster chain.
 */
@Configuration(proxyBeanMethods = false)
public class CauseUpcasters {

    @Bean
    SingleEventUpcaster upgradePausedRevision2() {
        return new NextRevisionUpcaster(UpgradePaused.class, "1", "2", withCause(node -> PauseCause.fromLegacyReason(
                node.path("reason").isString() ? node.path("reason").asString() : null).name()));
    }

    @Bean
    SingleEventUpcaster upgradeFailedRevision2() {
        return new NextRevisionUpcaster(UpgradeFailed.class, "1", "2", withCause(node -> FailureCause.UNKNOWN.name()));
    }

    /** Adds {@code cause} (and empty {@code rule}, {@code stepId}, {@code nodeId}) to a revision 1 payload. */
    private static UnaryOperator<ObjectNode> withCause(Function<JsonNode, String> cause) {
        return node -> {
            if (!node.has("cause") || node.get("cause").isNull()) {
                node.put("cause", cause.apply(node));
            }
            for (String field : new String[] {"rule", "stepId", "nodeId"}) {
                if (!node.has(field)) {
                    node.putNull(field);
                }
            }
            return node;
        };
    }
}

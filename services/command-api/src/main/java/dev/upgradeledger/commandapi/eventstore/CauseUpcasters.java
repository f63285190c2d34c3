package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.events.FailureCause;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradePaused;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
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
        return new CauseUpcaster(UpgradePaused.class.getName(), node -> PauseCause.fromLegacyReason(
                node.path("reason").isString() ? node.path("reason").asString() : null).name());
    }

    @Bean
    SingleEventUpcaster upgradeFailedRevision2() {
        return new CauseUpcaster(UpgradeFailed.class.getName(), node -> FailureCause.UNKNOWN.name());
    }

    /** Adds {@code cause} (and empty {@code rule}, {@code stepId}, {@code nodeId}) to a revision 1 payload. */
    static final class CauseUpcaster extends SingleEventUpcaster {

        private final SimpleSerializedType revision1;
        private final java.util.function.Function<JsonNode, String> cause;

        CauseUpcaster(String type, java.util.function.Function<JsonNode, String> cause) {
            this.revision1 = new SimpleSerializedType(type, "1");
            this.cause = cause;
        }

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return representation.getType().equals(revision1);
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(new SimpleSerializedType(revision1.getName(), "2"), ObjectNode.class,
                    node -> {
                        if (!node.has("cause") || node.get("cause").isNull()) {
                            node.put("cause", cause.apply(node));
                        }
                        for (String field : new String[] {"rule", "stepId", "nodeId"}) {
                            if (!node.has(field)) {
                                node.putNull(field);
                            }
                        }
                        return node;
                    });
        }
    }
}

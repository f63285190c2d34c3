package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.events.UpgradePlanned;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Revision 4 of {@link UpgradePlanned} names the product profile version the hop was planned with ({@code profile}).
 * Stored revisions 1 to 3 are read as revision 4 with {@code profile} null: planned before profiles had versions, so
 * with the built-in profile (version 0) of the product, which is what the cluster uses for their later hops. Their plan
 * is read by its shape, as before.
 */
@Configuration(proxyBeanMethods = false)
public class ProfileUpcasters {

    static final String CURRENT = "4";

    @Bean
    SingleEventUpcaster upgradePlannedRevision4() {
        return new PlannedProfileUpcaster();
    }

    /** Adds {@code profile: null} to an {@link UpgradePlanned} of revision 1, 2 or 3. */
    static final class PlannedProfileUpcaster extends SingleEventUpcaster {

        private static final String TYPE = UpgradePlanned.class.getName();

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            String revision = representation.getType().getRevision();
            return TYPE.equals(representation.getType().getName())
                    && ("1".equals(revision) || "2".equals(revision) || "3".equals(revision) || revision == null);
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(new SimpleSerializedType(TYPE, CURRENT), ObjectNode.class, node -> {
                if (!node.has("profile")) {
                    node.putNull("profile");
                }
                return node;
            });
        }
    }
}

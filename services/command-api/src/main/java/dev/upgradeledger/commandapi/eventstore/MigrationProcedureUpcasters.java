package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.commandapi.product.ProductProfileChanged;
import dev.upgradeledger.commandapi.product.ProductProfileDeclared;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Revision 2 of {@link ProductProfileDeclared} and {@link ProductProfileChanged} carries the profile's
 * {@code migration} procedure. A stored revision 1 profile had none: it is read with {@code migration} null, which is
 * {@code MOVE_WORKLOADS}, the migration every product had when it was declared.
 */
@Configuration(proxyBeanMethods = false)
public class MigrationProcedureUpcasters {

    static final String CURRENT = "2";

    @Bean
    SingleEventUpcaster productProfileRevision2() {
        return new ProfileMigrationUpcaster();
    }

    static final class ProfileMigrationUpcaster extends SingleEventUpcaster {

        private static final Set<String> TYPES = Set.of(ProductProfileDeclared.class.getName(),
                ProductProfileChanged.class.getName());

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            String revision = representation.getType().getRevision();
            return TYPES.contains(representation.getType().getName()) && (revision == null || "1".equals(revision));
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), CURRENT),
                    ObjectNode.class, node -> {
                        JsonNode profile = node.get("profile");
                        if (profile instanceof ObjectNode object && !object.has("migration")) {
                            object.putNull("migration");
                        }
                        return node;
                    });
        }
    }
}

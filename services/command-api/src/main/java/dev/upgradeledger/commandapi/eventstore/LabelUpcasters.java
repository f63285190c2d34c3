package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.events.ClusterRegistered;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Revision 2 of {@link ClusterRegistered} adds the cluster's {@code labels}; a stored revision 1 registration had none:
 * it is read with {@code {}} (the record's constructor gives revision 1 envelopes already on Kafka the same).
 */
@Configuration(proxyBeanMethods = false)
public class LabelUpcasters {

    @Bean
    SingleEventUpcaster clusterRegisteredRevision2() {
        return new RegisteredLabelsUpcaster();
    }

    static final class RegisteredLabelsUpcaster extends SingleEventUpcaster {

        private static final SimpleSerializedType REVISION_1 =
                new SimpleSerializedType(ClusterRegistered.class.getName(), "1");

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return representation.getType().equals(REVISION_1);
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(new SimpleSerializedType(REVISION_1.getName(), "2"), ObjectNode.class,
                    node -> {
                        if (!node.has("labels") || node.get("labels").isNull()) {
                            node.putObject("labels");
                        }
                        return node;
                    });
        }
    }
}

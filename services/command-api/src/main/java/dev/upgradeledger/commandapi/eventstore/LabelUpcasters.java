package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.events.ClusterRegistered;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Revision 2 of {@link ClusterRegistered} adds the cluster's {@code labels}; a stored revision 1 registration had none:
 * it is read with {@code {}} (the record's constructor gives revision 1 envelopes already on Kafka the same).
 */
@Configuration(proxyBeanMethods = false)
public class LabelUpcasters {

    @Bean
    SingleEventUpcaster clusterRegisteredRevision2() {
        return new NextRevisionUpcaster(ClusterRegistered.class, "1", "2", node -> {
            if (!node.has("labels") || node.get("labels").isNull()) {
                node.putObject("labels");
            }
            return node;
        });
    }
}

package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.events.UpgradeRequested;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Revision 2 of {@link UpgradeRequested} adds {@code soakTime}, {@code approvalBefore} and {@code approvalTimeout}; a
 * stored revision 1 request had none of them: it is read with no soak time, no approvals of its own ({@code []}) and
 * no approval time-out (the planner's default).
 */
@Configuration(proxyBeanMethods = false)
public class GateUpcasters {

    @Bean
    SingleEventUpcaster upgradeRequestedRevision2() {
        return new NextRevisionUpcaster(UpgradeRequested.class, "1", "2", node -> {
            for (String field : new String[] {"soakTime", "approvalTimeout"}) {
                if (!node.has(field)) {
                    node.putNull(field);
                }
            }
            if (!node.has("approvalBefore") || node.get("approvalBefore").isNull()) {
                node.putArray("approvalBefore");
            }
            return node;
        });
    }
}

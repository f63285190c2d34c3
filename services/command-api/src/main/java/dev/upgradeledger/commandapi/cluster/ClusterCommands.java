package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.events.ClusterCommand;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Sends a cluster command with the request's audit trail and waits for the aggregate's answer. */
@Component
public class ClusterCommands {

    private final CommandGateway gateway;

    public ClusterCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(ClusterCommand command, RequestAudit audit) {
        return gateway.sendAndWait(new GenericCommandMessage<>(command, audit.metaData()), 30, TimeUnit.SECONDS);
    }
}

package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterAlreadyRegisteredException;
import dev.upgradeledger.events.RegisterCluster;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterController {

    private final CommandGateway commands;

    ClusterController(CommandGateway commands) {
        this.commands = commands;
    }

    /** Registers a cluster; its {@code ClusterRegistered} event is stored before this answers 201. */
    @PostMapping
    ResponseEntity<RegistrationAccepted> register(
            @RequestBody RegisterClusterRequest request,
            @RequestHeader(value = RequestAudit.ACTOR_HEADER, required = false) String actor,
            @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false) String correlationId) {
        RequestAudit audit = RequestAudit.from(actor, correlationId);
        RegisterCluster command = request.toCommand();
        try {
            commands.sendAndWait(new GenericCommandMessage<>(command, audit.metaData()), 30, TimeUnit.SECONDS);
        } catch (AggregateStreamCreationException e) {
            throw new ClusterAlreadyRegisteredException(command.clusterId());
        }
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + command.clusterId()))
                .header(RequestAudit.CORRELATION_HEADER, audit.correlationId())
                .body(new RegistrationAccepted(command.clusterId().value(), audit.correlationId()));
    }

    record RegistrationAccepted(String clusterId, String correlationId) {
    }
}

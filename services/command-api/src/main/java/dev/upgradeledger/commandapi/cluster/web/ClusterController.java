package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterCommands;
import dev.upgradeledger.commandapi.cluster.ClusterAlreadyRegisteredException;
import dev.upgradeledger.commandapi.cluster.ClusterLabelsAnswer;
import dev.upgradeledger.events.AddNode;
import dev.upgradeledger.events.ClaimDiscoveryGroup;
import dev.upgradeledger.events.ClaimManagement;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.ReleaseDiscoveryGroup;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.DeclareReleaseCatalog;
import dev.upgradeledger.events.HandOverManagement;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.RemoveNode;
import dev.upgradeledger.events.RetireCluster;
import dev.upgradeledger.events.SetClusterLabels;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.Map;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterController {

    private final ClusterCommands commands;
    private final LedgerAccess access;

    ClusterController(ClusterCommands commands, LedgerAccess access) {
        this.commands = commands;
        this.access = access;
    }

    /** Registers a cluster; its {@code ClusterRegistered} event is stored before this answers 201. */
    @ApiResponse(responseCode = "201", description = "registered; Location names the cluster")
    @PostMapping
    ResponseEntity<RegistrationAccepted> register(
            @RequestBody RegisterClusterRequest request,
            Authentication actor,
            @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false) String correlationId) {
        RequestAudit audit = RequestAudit.of(actor, correlationId);
        RegisterCluster command = request.toCommand();
        access.require(Role.OPERATOR, command.clusterId().value(), command.product());
        try {
            commands.send(command, audit);
        } catch (AggregateStreamCreationException e) {
            throw new ClusterAlreadyRegisteredException(command.clusterId());
        }
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + command.clusterId()))
                .header(RequestAudit.CORRELATION_HEADER, audit.correlationId())
                .body(new RegistrationAccepted(command.clusterId().value(), audit.correlationId()));
    }

    /** Declares or replaces the release catalog and its rules; refused while an upgrade is active. */
    @ApiResponse(responseCode = "204", description = "declared")
    @PutMapping("/{clusterId}/catalog")
    ResponseEntity<Void> declareCatalog(@PathVariable String clusterId, @RequestBody CatalogRequest request,
                                        Authentication actor) {
        commands.send(new DeclareReleaseCatalog(ClusterId.of(clusterId), request.catalog(), request.policyRules()),
                RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    @ApiResponse(responseCode = "201", description = "added; Location names the node")
    @PostMapping("/{clusterId}/nodes")
    ResponseEntity<Void> addNode(@PathVariable String clusterId, @RequestBody NodeBody node,
                                 Authentication actor) {
        commands.send(new AddNode(ClusterId.of(clusterId),
                        new NodeSpec(NodeId.of(node.id()), node.address(), node.group(), node.role()),
                        node.version() == null ? null : Version.of(node.version())),
                RequestAudit.of(actor, null));
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + clusterId + "/nodes/" + node.id())).build();
    }

    @ApiResponse(responseCode = "204", description = "removed")
    @DeleteMapping("/{clusterId}/nodes/{nodeId}")
    ResponseEntity<Void> removeNode(@PathVariable String clusterId, @PathVariable String nodeId,
                                    Authentication actor) {
        commands.send(new RemoveNode(ClusterId.of(clusterId), NodeId.of(nodeId)), RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    /** Makes a ledger deployment the cluster's manager; 409 {@code managed-by-other} when another one is. */
    @ApiResponse(responseCode = "204", description = "claimed")
    @PostMapping("/{clusterId}/management/claim")
    ResponseEntity<Void> claim(@PathVariable String clusterId, @RequestBody ManagerBody body,
                               Authentication actor) {
        commands.send(new ClaimManagement(ClusterId.of(clusterId), body.managerId()), RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    /** Hands management over; the epoch rises and the old manager's running steps become stale. */
    @ApiResponse(responseCode = "204", description = "handed over")
    @PostMapping("/{clusterId}/management/hand-over")
    ResponseEntity<Void> handOver(@PathVariable String clusterId, @RequestBody HandOverBody body,
                                  Authentication actor) {
        commands.send(new HandOverManagement(ClusterId.of(clusterId), body.fromManagerId(), body.toManagerId()),
                RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    /**
     * A cluster claims one of this cluster's discovery groups (Replicante); 409 {@code group-managed-elsewhere} while
     * another cluster manages it. A claim by the cluster that manages it already changes nothing.
     */
    @ApiResponse(responseCode = "204", description = "claimed (or already managed by that cluster)")
    @PostMapping("/{clusterId}/groups/{group}/claim")
    ResponseEntity<Void> claimGroup(@PathVariable String clusterId, @PathVariable String group,
                                    @RequestBody GroupManagerBody body, Authentication actor) {
        commands.send(new ClaimDiscoveryGroup(ClusterId.of(clusterId), group, managerCluster(body)),
                RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    /**
     * The cluster that manages one of this cluster's discovery groups releases it; 409 {@code not-the-group-manager}
     * when another cluster manages it. Releasing a group nobody manages changes nothing.
     */
    @ApiResponse(responseCode = "204", description = "released (or managed by nobody)")
    @PostMapping("/{clusterId}/groups/{group}/release")
    ResponseEntity<Void> releaseGroup(@PathVariable String clusterId, @PathVariable String group,
                                      @RequestBody GroupManagerBody body, Authentication actor) {
        commands.send(new ReleaseDiscoveryGroup(ClusterId.of(clusterId), group, managerCluster(body)),
                RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    private static ClusterId managerCluster(GroupManagerBody body) {
        if (body == null || body.managerClusterId() == null) {
            throw new InvalidValueException("managerClusterId is required: the cluster that claims or releases the"
                    + " group");
        }
        return ClusterId.of(body.managerClusterId());
    }

    /**
     * Replaces the cluster's labels with the body's (the whole set; {@code {}} removes them). Records
     * {@code ClusterLabelsChanged} only when they differ; either way answers the labels the cluster has now.
     */
    @ApiResponse(responseCode = "200", description = "the cluster's labels now, and whether this request changed them")
    @PutMapping("/{clusterId}/labels")
    ResponseEntity<ClusterLabelsAnswer> setLabels(@PathVariable String clusterId,
                                                  @RequestBody(required = false) LabelsBody body,
                                                  Authentication actor) {
        if (body == null || body.labels() == null) {
            throw new InvalidValueException("labels is required: the cluster's whole label set ({} for none)");
        }
        ClusterLabelsAnswer answer = commands.send(new SetClusterLabels(ClusterId.of(clusterId), body.labels()),
                RequestAudit.of(actor, null));
        return ResponseEntity.ok(answer);
    }

    @ApiResponse(responseCode = "204", description = "retired")
    @PostMapping("/{clusterId}/retire")
    ResponseEntity<Void> retire(@PathVariable String clusterId, @RequestBody(required = false) RetireBody body,
                                Authentication actor) {
        commands.send(new RetireCluster(ClusterId.of(clusterId), body == null || body.reason() == null ? "retired"
                : body.reason()), RequestAudit.of(actor, null));
        return ResponseEntity.noContent().build();
    }

    record RegistrationAccepted(String clusterId, String correlationId) {
    }

    record NodeBody(String id, String address, String group, String version,
                    @Schema(example = "agent", description = "optional component role, one its product's profile"
                            + " declares (GET /api/v1/products/{product})") String role) {
    }

    record ManagerBody(String managerId) {
    }

    record HandOverBody(String fromManagerId, String toManagerId) {
    }

    record RetireBody(String reason) {
    }

    record LabelsBody(@Schema(example = "{\"region\": \"eu\", \"tier\": \"gold\"}", description = "the cluster's"
            + " whole label set, at most 20; keys and values 1-63 letters, digits or ._/-, starting and ending with a"
            + " letter or digit") Map<String, String> labels) {
    }

    record GroupManagerBody(@Schema(example = "repl-new", description = "the cluster that claims or releases the"
            + " group") String managerClusterId) {
    }
}

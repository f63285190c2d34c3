package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.Version;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/clusters}. Plain strings here; the domain types check them when the command is built,
 * and the first broken rule is answered as a 400 {@code invalid-request}.
 */
record RegisterClusterRequest(
        @Schema(example = "camunda-prod", description = "DNS label, unique in the ledger") String clusterId,
        @Schema(example = "camunda") String product,
        @Schema(example = "7.5", description = "the version every node runs now") String version,
        @Schema(example = "7.5", description = "database schema or state-format version; defaults to version")
        String schemaVersion,
        List<Node> nodes,
        @Schema(description = "optional: the product's release catalog and version rules") CatalogRequest catalog,
        @Schema(example = "{\"region\": \"eu\", \"tier\": \"gold\"}", description = "optional: the cluster's"
                + " labels, at most 20; keys and values 1-63 letters, digits or ._/-, starting and ending with a letter"
                + " or digit") Map<String, String> labels) {

    record Node(@Schema(example = "engine-1") String id,
                @Schema(example = "10.0.0.11:8080") String address,
                @Schema(example = "zone-a", description = "optional group, e.g. zone or discovery group") String group,
                @Schema(example = "engine", description = "optional component role, one its product's profile"
                        + " declares; the profile upgrades roles in its order") String role) {
    }

    RegisterCluster toCommand() {
        Version current = Version.of(version);
        List<NodeSpec> nodeSpecs = nodes == null ? List.of() : nodes.stream()
                .map(node -> node == null ? null : new NodeSpec(NodeId.of(node.id()), node.address(), node.group(),
                        node.role()))
                .toList();
        return new RegisterCluster(ClusterId.of(clusterId), product, current,
                schemaVersion == null ? current : Version.of(schemaVersion), nodeSpecs,
                catalog == null ? null : catalog.catalog(), catalog == null ? null : catalog.policyRules(), labels);
    }
}

package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A request as the strategies read it: nodes in plan order, which of them move, and the shared step parameters. */
final class UpgradeScope {

    private static final int NAMES_SHOWN = 4;

    private final PlanRequest request;
    private final List<PlanNode> nodes;
    private final List<PlanNode> nodesToUpgrade;

    UpgradeScope(PlanRequest request) {
        this.request = request;
        this.nodes = request.nodes().stream().sorted(PlanNode.PLAN_ORDER).toList();
        this.nodesToUpgrade = nodes.stream().filter(this::needsUpgrade).toList();
    }

    PlanRequest request() {
        return request;
    }

    ClusterId cluster() {
        return request.clusterId();
    }

    Version targetVersion() {
        return request.targetVersion();
    }

    /** Every node of the cluster in {@link PlanNode#PLAN_ORDER}. */
    List<PlanNode> nodes() {
        return nodes;
    }

    /** The nodes not yet on the target version, in {@link PlanNode#PLAN_ORDER}. */
    List<PlanNode> nodesToUpgrade() {
        return nodesToUpgrade;
    }

    boolean needsUpgrade(PlanNode node) {
        return !node.version().equals(request.targetVersion());
    }

    boolean schemaChanges() {
        return request.schemaChange() != SchemaChange.NONE
                || !request.targetSchemaVersion().equals(request.schemaVersion());
    }

    /** Whether the plan needs a MIGRATE_SCHEMA step: the schema or the state format changes. */
    boolean migrationNeeded() {
        return schemaChanges() || request.stateFormatChange();
    }

    boolean nothingToDo() {
        return nodesToUpgrade.isEmpty() && !migrationNeeded();
    }

    Map<String, String> upgradeParameters(PlanNode node) {
        return Map.of("version", request.targetVersion().value(), "from", node.version().value());
    }

    Map<String, String> verifyParameters(PlanNode node) {
        return Map.of("version", request.targetVersion().value());
    }

    Map<String, String> migrationParameters() {
        return Map.of("schemaVersion", request.targetSchemaVersion().value(),
                "from", request.schemaVersion().value(),
                "schemaChange", request.schemaChange().name(),
                "stateFormatChange", Boolean.toString(request.stateFormatChange()));
    }

    Map<String, String> exportParameters() {
        return Map.of("schemaVersion", request.schemaVersion().value());
    }

    String migrationDescription() {
        String schema = "migrate schema " + request.schemaVersion() + " -> " + request.targetSchemaVersion()
                + (request.schemaChange() == SchemaChange.NONE
                        ? "" : " (" + request.schemaChange().name().toLowerCase(Locale.ROOT) + ")");
        String stateFormat = "upgrade state format";
        if (!request.stateFormatChange()) {
            return schema;
        }
        return schemaChanges() ? schema + " and " + stateFormat : stateFormat;
    }

    /** Node ids for a stage description: all of them when few, else the first ones and how many more. */
    static String names(List<PlanNode> nodes) {
        if (nodes.size() <= NAMES_SHOWN) {
            return nodes.stream().map(node -> node.id().value()).collect(Collectors.joining(", "));
        }
        return nodes.stream().limit(NAMES_SHOWN - 1).map(node -> node.id().value())
                .collect(Collectors.joining(", ", "", " and " + (nodes.size() - NAMES_SHOWN + 1) + " more"));
    }
}

package dev.upgradeledger.domain.plan;

import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A request as the strategies read it: nodes in plan order, which of them move, and the shared step parameters. */
final class UpgradeScope {

    private static final int NAMES_SHOWN = 4;

    private final PlanRequest request;
    private final List<PlanNode> nodes;
    private final List<PlanNode> nodesToUpgrade;
    private final List<RoleBlock> blocks;

    UpgradeScope(PlanRequest request) {
        this.request = request;
        List<PlanNode> sorted = request.nodes().stream().sorted(PlanNode.PLAN_ORDER).toList();
        this.blocks = blocks(request.profileHop() == null ? null : request.profileHop().profile(), sorted);
        this.nodes = blocks.stream().flatMap(block -> block.nodes().stream()).toList();
        this.nodesToUpgrade = nodes.stream().filter(this::needsUpgrade).toList();
    }

    /**
     * The nodes of one role, in plan order. A profile's roles come in its order; nodes without a role, or with one the
     * profile does not declare, come last as a block without a role. Without roles on any node: one block of all.
     *
     * @param rolling whether the role is upgraded one batch after another rather than all at once
     */
    record RoleBlock(String role, boolean rolling, List<PlanNode> nodes) {
    }

    private static List<RoleBlock> blocks(ProductProfile profile, List<PlanNode> sorted) {
        if (profile == null || sorted.stream().noneMatch(node -> declared(profile, node))) {
            return List.of(new RoleBlock(null, true, sorted));
        }
        List<RoleBlock> blocks = new ArrayList<>();
        for (ProductProfile.Role role : profile.roles()) {
            List<PlanNode> ofRole = sorted.stream().filter(node -> role.name().equals(node.role())).toList();
            if (!ofRole.isEmpty()) {
                blocks.add(new RoleBlock(role.name(), role.rolling(), ofRole));
            }
        }
        List<PlanNode> rest = sorted.stream().filter(node -> !declared(profile, node)).toList();
        if (!rest.isEmpty()) {
            blocks.add(new RoleBlock(null, true, rest));
        }
        return List.copyOf(blocks);
    }

    private static boolean declared(ProductProfile profile, PlanNode node) {
        return node.role() != null && profile.role(node.role()).isPresent();
    }

    /** The role blocks in upgrade order (see {@link RoleBlock}). */
    List<RoleBlock> blocks() {
        return blocks;
    }

    /** Whether the plan follows the roles of a profile (some node has a declared role). */
    boolean rolesInUse() {
        return blocks.get(0).role() != null;
    }

    /** The nodes of {@code block} not yet on the target version. */
    List<PlanNode> toUpgrade(RoleBlock block) {
        return block.nodes().stream().filter(this::needsUpgrade).toList();
    }

    /** Whether {@code block} is the role that runs the schema step. */
    boolean runsSchemaStep(RoleBlock block) {
        return block.role() != null && block.role().equals(request.profileHop().profile().schemaStepRole());
    }

    /** The block that runs the schema step: the profile's schema role when a node has it, else the first block. */
    RoleBlock schemaBlock() {
        return blocks.stream().filter(this::runsSchemaStep).findFirst().orElse(blocks.get(0));
    }

    /** "manager: " before a stage of a role, nothing when the plan follows no roles. */
    static String prefix(RoleBlock block) {
        return block.role() == null ? "" : block.role() + ": ";
    }

    /**
     * The profile's extra steps for {@code block}'s role in this hop, each a stage of one step on the role's first node,
     * its {@code {fromVersion}} and {@code {toVersion}} parameters filled in.
     */
    void extraSteps(PlanBuilder plan, RoleBlock block) {
        PlanRequest.ProfileHop hop = request.profileHop();
        if (hop == null || block.role() == null) {
            return;
        }
        PlanNode node = block.nodes().get(0);
        for (ProductProfile.ExtraStep extra : hop.profile().extraStepsFor(hop.major())) {
            if (!extra.role().equals(block.role())) {
                continue;
            }
            Map<String, String> parameters = new TreeMap<>();
            extra.parameters().forEach((name, value) -> parameters.put(name, value
                    .replace("{fromVersion}", hop.from().value())
                    .replace("{toVersion}", request.targetVersion().value())));
            String shown = parameters.values().stream().collect(Collectors.joining(" "));
            plan.nodeStage(prefix(block) + extra.action() + (shown.isEmpty() ? "" : " " + shown) + " on " + node.id()
                            + " (" + hop.profile().product() + (hop.major() ? ", major upgrade" : "") + ")",
                    StepAction.valueOf(extra.action()), cluster(), List.of(node), ignored -> Map.copyOf(parameters));
        }
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

    /** The schema step's parameters, naming the node that runs it when the plan follows roles. */
    Map<String, String> migrationParameters(RoleBlock block) {
        if (!runsSchemaStep(block)) {
            return migrationParameters();
        }
        return migrationParametersOn(block.nodes().get(0));
    }

    /** The migration's parameters for a state upgrade run on one node ({@code onNode}). */
    Map<String, String> migrationParametersOn(PlanNode node) {
        Map<String, String> parameters = new TreeMap<>(migrationParameters());
        parameters.put("onNode", node.id().value());
        return Map.copyOf(parameters);
    }

    /** The schema step's description, saying which node runs it when the plan follows roles. */
    String migrationDescription(RoleBlock block) {
        return runsSchemaStep(block)
                ? prefix(block) + migrationDescription() + " on " + block.nodes().get(0).id() : migrationDescription();
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

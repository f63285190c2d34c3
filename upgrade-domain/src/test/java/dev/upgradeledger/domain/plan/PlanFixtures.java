package dev.upgradeledger.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Requests built in a few readable lines, and plans rendered one line per stage. */
final class PlanFixtures {

    private PlanFixtures() {
    }

    static PlanNode node(String id, String group, String version) {
        return new PlanNode(NodeId.of(id), group, Version.of(version));
    }

    static RequestBuilder request(String cluster, UpgradeStrategy strategy, String targetVersion) {
        return new RequestBuilder(cluster, strategy, targetVersion);
    }

    static UpgradePlan planned(PlanResult result) {
        assertThat(result).isInstanceOf(PlanResult.Planned.class);
        return ((PlanResult.Planned) result).plan();
    }

    static PlanResult.Refused refused(PlanResult result) {
        assertThat(result).isInstanceOf(PlanResult.Refused.class);
        return (PlanResult.Refused) result;
    }

    /**
     * One line per stage: its action, then its nodes, or {@code @cluster} for a cluster-wide step; a stage mixing
     * actions fails the test.
     */
    static List<String> stages(UpgradePlan plan) {
        return plan.stages().stream().map(PlanFixtures::render).toList();
    }

    static List<String> descriptions(UpgradePlan plan) {
        return plan.stages().stream().map(PlannedStage::description).toList();
    }

    static List<PlannedStep> steps(UpgradePlan plan) {
        return plan.stages().stream().flatMap(stage -> stage.steps().stream()).toList();
    }

    static PlannedStep step(UpgradePlan plan, String stepId) {
        return steps(plan).stream().filter(step -> step.stepId().equals(stepId)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + stepId + " in " + stages(plan)));
    }

    private static String render(PlannedStage stage) {
        List<String> actions = stage.steps().stream().map(step -> step.action().name()).distinct().toList();
        assertThat(actions).as("actions of stage %d", stage.index()).hasSize(1);
        String targets = stage.steps().stream()
                .map(step -> step.nodeId() == null ? "@" + step.clusterId() : step.nodeId().value())
                .collect(Collectors.joining(", "));
        return actions.get(0) + " " + targets;
    }

    static final class RequestBuilder {

        private final String cluster;
        private final UpgradeStrategy strategy;
        private final String targetVersion;
        private final List<PlanNode> nodes = new ArrayList<>();
        private String schemaVersion = "1";
        private String targetSchemaVersion = "1";
        private SchemaChange schemaChange = SchemaChange.NONE;
        private boolean stateFormatChange;
        private MaxUnavailable maxUnavailable;
        private boolean byGroup;
        private ClusterId targetCluster;
        private List<PlanNode> targetNodes;

        private RequestBuilder(String cluster, UpgradeStrategy strategy, String targetVersion) {
            this.cluster = cluster;
            this.strategy = strategy;
            this.targetVersion = targetVersion;
        }

        RequestBuilder nodes(PlanNode... added) {
            nodes.addAll(List.of(added));
            return this;
        }

        RequestBuilder nodes(List<PlanNode> added) {
            nodes.addAll(added);
            return this;
        }

        RequestBuilder schema(String from, String to, SchemaChange change) {
            schemaVersion = from;
            targetSchemaVersion = to;
            schemaChange = change;
            return this;
        }

        RequestBuilder stateFormatChange() {
            stateFormatChange = true;
            return this;
        }

        RequestBuilder maxUnavailable(String value) {
            maxUnavailable = MaxUnavailable.of(value);
            return this;
        }

        RequestBuilder byGroup() {
            byGroup = true;
            return this;
        }

        RequestBuilder migrateTo(String target, PlanNode... nodesOfTarget) {
            targetCluster = ClusterId.of(target);
            targetNodes = List.of(nodesOfTarget);
            return this;
        }

        PlanRequest build() {
            return build(null, null);
        }

        /** With a profile's hop (from the cluster's version) and the request's approvals and soak time. */
        PlanRequest build(PlanRequest.ProfileHop profileHop, PlanGates gates) {
            return new PlanRequest(ClusterId.of(cluster), nodes, Version.of(schemaVersion), strategy,
                    Version.of(targetVersion), Version.of(targetSchemaVersion), schemaChange, stateFormatChange,
                    maxUnavailable, byGroup, targetCluster, targetNodes, profileHop, gates);
        }
    }
}

package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The plan of a rollback: the nodes already upgraded, newest first, one at a time: isolate (if in service), roll back to
 * the version the hop started from, verify, reintegrate; then every node still isolated is reintegrated. Refused with
 * {@code nothing-to-roll-back} when no node was upgraded or isolated.
 */
final class RollbackPlanner {

    private RollbackPlanner() {
    }

    static UpgradePlan plan(ClusterId cluster, Map<String, ClusterNode> nodes, ActiveUpgrade active) {
        List<PlannedStage> stages = new ArrayList<>();
        List<String> upgraded = new ArrayList<>(active.upgradedNodes);
        Collections.reverse(upgraded);
        int index = 0;
        for (String nodeValue : upgraded) {
            ClusterNode node = nodes.get(nodeValue);
            if (node.state == NodeState.IN_SERVICE) {
                stages.add(stage(cluster, index++, "roll back " + nodeValue + ": isolate", StepAction.ISOLATE_NODE,
                        node, null));
            }
            stages.add(stage(cluster, index++, "roll back " + nodeValue + ": back to " + active.from,
                    StepAction.ROLL_BACK_NODE, node, active.from));
            stages.add(stage(cluster, index++, "roll back " + nodeValue + ": verify", StepAction.VERIFY_NODE, node,
                    null));
            stages.add(stage(cluster, index++, "roll back " + nodeValue + ": reintegrate", StepAction.REINTEGRATE_NODE,
                    node, null));
        }
        for (ClusterNode node : nodes.values()) {
            if (node.state == NodeState.ISOLATED && !upgraded.contains(node.id.value())) {
                stages.add(stage(cluster, index++, "reintegrate " + node.id, StepAction.REINTEGRATE_NODE, node, null));
            }
        }
        if (stages.isEmpty()) {
            throw new ClusterRefusal(Rule.NOTHING_TO_ROLL_BACK, "no node of upgrade " + active.request.upgradeId()
                    + " has been upgraded or isolated yet; abort it instead");
        }
        return new UpgradePlan(stages);
    }

    private static PlannedStage stage(ClusterId cluster, int index, String description, StepAction action,
                                      ClusterNode node, Version to) {
        Map<String, String> parameters = to == null ? Map.of() : Map.of("version", to.value());
        return new PlannedStage(index, description, List.of(new PlannedStep("r" + index + ".0", action, cluster,
                node.id, parameters)));
    }
}

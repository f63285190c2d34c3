package dev.upgradeledger.events;

import java.util.Map;

/**
 * One step of a plan.
 *
 * @param stepId     unique within the upgrade, stable for the same request ({@code s<stage>.<n>})
 * @param action     what to do
 * @param clusterId  the cluster acted on (the target cluster for steps of a MIGRATION that act on it)
 * @param nodeId     the node acted on, or null for a cluster-wide action
 * @param parameters such as {@code version}, {@code schemaVersion}, {@code group}
 */
public record PlannedStep(String stepId, StepAction action, ClusterId clusterId, NodeId nodeId,
                          Map<String, String> parameters) {

    public PlannedStep {
        Validation.require(stepId != null && !stepId.isBlank(), "stepId is required");
        Validation.require(action != null, "action is required");
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(action.perNode() == (nodeId != null),
                action + (action.perNode() ? " needs a node" : " acts on the whole cluster, not a node"));
        parameters = Map.copyOf(parameters);
    }
}

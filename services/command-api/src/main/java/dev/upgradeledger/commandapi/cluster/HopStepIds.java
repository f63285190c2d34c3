package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.UpgradePlan;
import java.util.List;

/**
 * Step ids stay unique within an upgrade that follows a path of several hops. A planner numbers every plan's steps
 * from {@code s0.0}, so the second hop's steps would reuse the first hop's ids; the executor performs a step once per
 * (cluster, upgrade, step, attempt) and command-api answers a step outcome once per id, so a reused id would be taken
 * for the earlier hop's step (not performed, or answered with the earlier outcome). The steps of hop n (n >= 2) are
 * named {@code h<n>.s<stage>.<step>}; the first hop's keep their names, as do rollback plans' ({@code r<stage>.0}).
 */
final class HopStepIds {

    private static final String PREFIX = "h";

    private HopStepIds() {
    }

    /** The next hop's plan with its steps named after its hop number, one more than {@code current}'s. */
    static UpgradePlan forNextHop(UpgradePlan current, UpgradePlan next) {
        String prefix = PREFIX + (hopOf(current) + 1) + ".";
        return new UpgradePlan(next.stages().stream()
                .map(stage -> new PlannedStage(stage.index(), stage.description(), stage.steps().stream()
                        .map(step -> new PlannedStep(prefix + unprefixed(step.stepId()), step.action(),
                                step.clusterId(), step.nodeId(), step.parameters()))
                        .toList()))
                .toList());
    }

    /** The hop number of a plan: 1 for unprefixed step ids, n for {@code h<n>.}. */
    static int hopOf(UpgradePlan plan) {
        List<PlannedStep> steps = plan.stages().stream().flatMap(stage -> stage.steps().stream()).toList();
        if (steps.isEmpty()) {
            return 1;
        }
        String id = steps.get(0).stepId();
        int dot = id.indexOf('.');
        if (id.startsWith(PREFIX) && dot > 1) {
            try {
                return Integer.parseInt(id.substring(PREFIX.length(), dot));
            } catch (NumberFormatException notAHop) {
                return 1;
            }
        }
        return 1;
    }

    private static String unprefixed(String stepId) {
        int dot = stepId.indexOf('.');
        return stepId.startsWith(PREFIX) && dot > 1 ? stepId.substring(dot + 1) : stepId;
    }
}

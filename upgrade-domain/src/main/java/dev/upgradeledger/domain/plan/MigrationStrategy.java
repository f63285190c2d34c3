package dev.upgradeledger.domain.plan;

import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.DiscoveryGroupName;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inmanta orchestrator migration and Replicante breaking upgrade: a second cluster, already installed on the target
 * version, takes over. Halt and export the source, import into the target (which migrates its schema on start),
 * move the workload groups over one at a time, and resume on the target. Handing over management and retiring the
 * source are commands of the aggregate, not steps.
 *
 * <p>A product whose profile asks for {@link ProductProfile.MigrationProcedure#PER_ENVIRONMENT} (Inmanta) gets the
 * guide's numbered procedure instead: validate the target first, stop both servers around the dump and the restore,
 * check every environment is there and halted, then one environment at a time recompile, wait for the compile to
 * succeed, and resume it ({@link #perEnvironment}). Other products' migrations are unchanged.
 */
final class MigrationStrategy implements StrategyPlanner {

    @Override
    public Optional<PlanResult.Refused> refusal(UpgradeScope scope) {
        PlanRequest request = scope.request();
        if (request.targetClusterId() == null || request.targetNodes() == null || request.targetNodes().isEmpty()) {
            return Optional.of(new PlanResult.Refused(UpgradePlanner.MIGRATION_NEEDS_TARGET_CLUSTER,
                    "a migration moves state and workloads to a second, registered cluster; name it and its nodes"
                            + " (Inmanta orchestrator migration, Replicante breaking upgrade)"));
        }
        if (request.targetClusterId().equals(request.clusterId())) {
            return Optional.of(new PlanResult.Refused(UpgradePlanner.MIGRATION_TARGET_IS_SOURCE,
                    "the target cluster " + request.targetClusterId() + " is the cluster being migrated; a migration"
                            + " needs a second cluster next to it"));
        }
        return request.targetNodes().stream()
                .filter(node -> !node.version().equals(request.targetVersion()))
                .sorted(PlanNode.PLAN_ORDER)
                .findFirst()
                .map(node -> new PlanResult.Refused(UpgradePlanner.MIGRATION_TARGET_NOT_ON_TARGET_VERSION,
                        "target node " + node.id() + " runs " + node.version() + ", not " + request.targetVersion()
                                + "; install the target version on the new cluster before migrating to it"
                                + " (Inmanta orchestrator migration, step 1)"));
    }

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        PlanRequest.ProfileHop hop = scope.request().profileHop();
        if (hop != null && hop.profile().migration() == ProductProfile.MigrationProcedure.PER_ENVIRONMENT) {
            return perEnvironment(scope);
        }
        ClusterId source = scope.cluster();
        ClusterId target = scope.request().targetClusterId();
        PlanBuilder plan = new PlanBuilder()
                .clusterStage("halt workloads on " + source, StepAction.HALT_WORKLOADS, source, Map.of())
                .clusterStage("export state of " + source, StepAction.EXPORT_STATE, source, scope.exportParameters())
                .clusterStage("import state of " + source + " into " + target, StepAction.IMPORT_STATE, target,
                        Map.of("from", source.value(), "schemaVersion", scope.request().schemaVersion().value()));
        if (scope.migrationNeeded()) {
            plan.clusterStage(scope.migrationDescription() + " on " + target, StepAction.MIGRATE_SCHEMA, target,
                    scope.migrationParameters());
        }
        groups(scope).forEach(group -> plan.clusterStage("move workloads of group " + group + " to " + target,
                        StepAction.MOVE_WORKLOADS, target, Map.of("group", group, "from", source.value())));
        return plan.clusterStage("resume workloads on " + target, StepAction.RESUME_WORKLOADS, target, Map.of())
                .build();
    }

    /**
     * The workload groups of the migrated cluster in plan order (by name; nodes without a group form
     * {@link DiscoveryGroupName#DEFAULT}): Inmanta's environments, Replicante's discovery groups.
     */
    static List<String> groups(UpgradeScope scope) {
        return scope.nodes().stream().map(node -> DiscoveryGroupName.of(node.group())).distinct().sorted().toList();
    }

    /**
     * The Inmanta orchestrator migration, its numbered steps in the stage descriptions: 1 validate the new
     * orchestrator; 2 halt all environments; 3 stop the old server; 4 dump its database; 5 make sure the new server is
     * stopped; 6-7 drop, recreate and load the dump; 8 start the new server (its database migrations run on start);
     * 9 every environment visible and still halted; 10 one environment at a time: a) update project and recompile,
     * waiting until the compile succeeded, b) resume it.
     */
    private static UpgradePlan perEnvironment(UpgradeScope scope) {
        ClusterId source = scope.cluster();
        ClusterId target = scope.request().targetClusterId();
        String version = scope.request().targetVersion().value();
        List<String> environments = groups(scope);
        String names = String.join(", ", environments);
        String environmentList = String.join(",", environments);
        PlanBuilder plan = new PlanBuilder()
                .clusterStage("step 1: validate the new orchestrator " + target + " on " + version
                        + " (config, credentials, access to packages)", StepAction.VERIFY_TARGET, target,
                        Map.of("version", version, "from", source.value()))
                .clusterStage("step 2: halt every environment on " + source, StepAction.HALT_WORKLOADS, source,
                        Map.of())
                .clusterStage("step 3: stop the server of " + source, StepAction.STOP_SERVER, source, Map.of())
                .clusterStage("step 4: dump the database of " + source, StepAction.EXPORT_STATE, source,
                        scope.exportParameters())
                .clusterStage("step 5: make sure the server of " + target + " is stopped", StepAction.STOP_SERVER,
                        target, Map.of())
                .clusterStage("steps 6-7: drop and recreate the database of " + target + ", load the dump of "
                        + source, StepAction.IMPORT_STATE, target, Map.of("from", source.value(),
                        "schemaVersion", scope.request().schemaVersion().value(),
                        "environments", environmentList))
                .clusterStage("step 8: start the server of " + target + " (it migrates its database on start)",
                        StepAction.START_SERVER, target, Map.of("version", version));
        if (scope.migrationNeeded()) {
            plan.clusterStage("step 8: " + scope.migrationDescription() + " on " + target + " (on start)",
                    StepAction.MIGRATE_SCHEMA, target, scope.migrationParameters());
        }
        plan.clusterStage("step 9: every environment (" + names + ") is on " + target + " and still halted",
                StepAction.CHECK_ENVIRONMENTS, target, Map.of("environments", environmentList));
        for (String environment : environments) {
            plan.clusterStage("step 10a: environment " + environment + ": update project and recompile on " + target
                            + ", wait until the compile succeeded", StepAction.RECOMPILE_ENVIRONMENT, target,
                            Map.of("environment", environment, "from", source.value()))
                    .clusterStage("step 10b: environment " + environment + ": resume on " + target,
                            StepAction.RESUME_ENVIRONMENT, target, Map.of("environment", environment));
        }
        return plan.build();
    }
}

package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fleet upgrades. {@code POST /api/v1/fleet-upgrades/plans} answers the plan of a fleet upgrade (its dry run) over the
 * clusters the caller may operate; it records nothing.
 */
@RestController
@RequestMapping("/api/v1/fleet-upgrades")
class FleetUpgradeController {

    private final FleetPlanner planner;
    private final LedgerAccess access;

    FleetUpgradeController(FleetPlanner planner, LedgerAccess access) {
        this.planner = planner;
        this.access = access;
    }

    @ApiResponse(responseCode = "200", description = "the plan: waves with each cluster's path and expected start,"
            + " the clusters skipped with the rule")
    @PostMapping("/plans")
    FleetPlan plan(@RequestBody FleetPlanRequest request, Authentication actor) {
        return planner.plan(request, cluster -> access.allows(actor, Role.OPERATOR, cluster.id().value(),
                cluster.product()));
    }
}

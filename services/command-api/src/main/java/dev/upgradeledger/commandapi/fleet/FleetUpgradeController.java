package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import dev.upgradeledger.support.web.ProblemTypes;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fleet upgrades. {@code POST /api/v1/fleet-upgrades/plans} answers the plan of a fleet upgrade (its dry run) over the
 * clusters the caller may operate, recording nothing; {@code POST /api/v1/fleet-upgrades} records it and starts it
 * ({@link FleetUpgrade}); {@code .../resume} lifts a halt, {@code .../abort} ends it. Resuming and aborting need
 * {@code operator} on every cluster the fleet upgrade took.
 */
@RestController
@RequestMapping("/api/v1/fleet-upgrades")
class FleetUpgradeController {

    private final FleetPlanner planner;
    private final FleetUpgrades fleets;
    private final LedgerAccess access;

    FleetUpgradeController(FleetPlanner planner, FleetUpgrades fleets, LedgerAccess access) {
        this.planner = planner;
        this.fleets = fleets;
        this.access = access;
    }

    @ApiResponse(responseCode = "200", description = "the plan: waves with each cluster's path and expected start,"
            + " the clusters skipped with the rule")
    @PostMapping("/plans")
    FleetPlan plan(@RequestBody FleetPlanRequest request, Authentication actor) {
        return planner.plan(request, cluster -> access.allows(actor, Role.OPERATOR, cluster.id().value(),
                cluster.product()));
    }

    @ApiResponse(responseCode = "201", description = "recorded and started: the plan it runs (its first wave starts"
            + " at once, within the windows)")
    @ApiResponse(responseCode = "409", description = "fleet-exists (the id was used) or fleet-empty (no cluster"
            + " taken)", content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/problem+json"))
    @PostMapping
    ResponseEntity<FleetUpgrades.Started> start(@RequestBody FleetUpgradeRequest request, Authentication actor,
                                                @RequestHeader(value = RequestAudit.CORRELATION_HEADER,
                                                        required = false) String correlationId) {
        return ResponseEntity.status(HttpStatus.CREATED).body(fleets.start(request, cluster -> access.allows(actor,
                Role.OPERATOR, cluster.id().value(), cluster.product()), RequestAudit.of(actor, correlationId)));
    }

    /** Lifts a halt: the failed clusters stay failed and no longer count, the paused ones are resumed. */
    @ApiResponse(responseCode = "202", description = "resumed")
    @ApiResponse(responseCode = "404", description = "fleet-not-found", content = @io.swagger.v3.oas.annotations.media
            .Content(mediaType = "application/problem+json"))
    @PostMapping("/{fleetId}/resume")
    ResponseEntity<?> resume(@PathVariable String fleetId, Authentication actor,
                             @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                             String correlationId) {
        return operated(fleetId, actor).orElseGet(() -> {
            fleets.resume(fleetId, RequestAudit.of(actor, correlationId));
            return ResponseEntity.accepted().body(new Accepted(fleetId, "resume"));
        });
    }

    /** Nothing more starts; the running clusters' upgrades are aborted. */
    @ApiResponse(responseCode = "202", description = "aborted")
    @ApiResponse(responseCode = "404", description = "fleet-not-found", content = @io.swagger.v3.oas.annotations.media
            .Content(mediaType = "application/problem+json"))
    @PostMapping("/{fleetId}/abort")
    ResponseEntity<?> abort(@PathVariable String fleetId, @RequestBody(required = false) AbortRequest request,
                            Authentication actor,
                            @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                            String correlationId) {
        return operated(fleetId, actor).orElseGet(() -> {
            fleets.abort(fleetId, request == null ? null : request.reason(), RequestAudit.of(actor, correlationId));
            return ResponseEntity.accepted().body(new Accepted(fleetId, "abort"));
        });
    }

    /**
     * Approves the start of the next wave of a fleet started with {@code gates.approval}; who approves comes from the
     * token.
     */
    @ApiResponse(responseCode = "202", description = "approved: the wave starts")
    @ApiResponse(responseCode = "409", description = "fleet-wave-not-awaiting-approval, fleet-wave-already-approved,"
            + " fleet-ended", content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "fleet-not-found", content = @io.swagger.v3.oas.annotations.media
            .Content(mediaType = "application/problem+json"))
    @PostMapping("/{fleetId}/approvals")
    ResponseEntity<?> approve(@PathVariable String fleetId, @RequestBody ApprovalRequest request,
                              Authentication actor,
                              @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                              String correlationId) {
        if (request.wave() == null) {
            throw new dev.upgradeledger.events.InvalidValueException("wave is required");
        }
        return operated(fleetId, actor).orElseGet(() -> {
            fleets.approve(new dev.upgradeledger.events.ApproveFleetWave(UpgradeId.of(fleetId), request.wave(),
                    request.reason()), RequestAudit.of(actor, correlationId));
            return ResponseEntity.accepted().body(new Accepted(fleetId, "approve"));
        });
    }

    /** The wave approved (1 for the first after the canary) and why (1 to 500 characters). */
    record ApprovalRequest(Integer wave, String reason) {
    }

    /**
     * Rolls the fleet back: nothing more starts, and each cluster it upgraded or is upgrading is asked to roll back
     * (where its strategy allows it; each refusal is recorded with its rule).
     */
    @ApiResponse(responseCode = "202", description = "the rollback is recorded; the clusters' answers follow")
    @ApiResponse(responseCode = "409", description = "fleet-ended", content = @io.swagger.v3.oas.annotations.media
            .Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "fleet-not-found", content = @io.swagger.v3.oas.annotations.media
            .Content(mediaType = "application/problem+json"))
    @PostMapping("/{fleetId}/rollback")
    ResponseEntity<?> rollBack(@PathVariable String fleetId, @RequestBody(required = false) AbortRequest request,
                               Authentication actor,
                               @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                               String correlationId) {
        return operated(fleetId, actor).orElseGet(() -> {
            fleets.rollBack(new dev.upgradeledger.events.RollBackFleetUpgrade(UpgradeId.of(fleetId),
                    request == null ? null : request.reason()), RequestAudit.of(actor, correlationId));
            return ResponseEntity.accepted().body(new Accepted(fleetId, "rollback"));
        });
    }

    /** A resume or an abort recorded: the fleet's process carries it out on its clusters. */
    record Accepted(String fleetId, String command) {
    }

    /** Why the fleet upgrade is aborted (at most 500 characters). */
    record AbortRequest(String reason) {
    }

    /** A problem when the fleet does not exist or the caller may not operate every cluster it took; else empty. */
    private Optional<ResponseEntity<?>> operated(String fleetId, Authentication actor) {
        Optional<FleetUpgradeEvent.FleetUpgradeStarted> plan = fleets.plan(fleetId);
        if (plan.isEmpty()) {
            return Optional.of(problem(HttpStatus.NOT_FOUND, "fleet-not-found", "Fleet upgrade not found",
                    "No fleet upgrade " + fleetId + " was started"));
        }
        return fleets.mayOperate(fleetId, actor) ? Optional.empty() : Optional.of(problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "fleet upgrade " + fleetId + " takes clusters you may not operate"));
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(type));
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

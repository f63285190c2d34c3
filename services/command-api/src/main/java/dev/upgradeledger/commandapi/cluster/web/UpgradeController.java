package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterCommands;
import dev.upgradeledger.commandapi.cluster.DecisionAnswers;
import dev.upgradeledger.commandapi.cluster.StepReceipt;
import dev.upgradeledger.commandapi.cluster.UpgradeDecision;
import dev.upgradeledger.events.AbandonUpgrade;
import dev.upgradeledger.events.AbortUpgrade;
import dev.upgradeledger.events.ApproveUpgrade;
import dev.upgradeledger.events.RejectUpgrade;
import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.FinalizeUpgrade;
import dev.upgradeledger.events.PauseUpgrade;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import dev.upgradeledger.support.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.function.BiFunction;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters/{clusterId}/upgrades")
class UpgradeController {

    private final ClusterCommands commands;
    private final LedgerAccess access;
    private final DecisionAnswers answers;

    UpgradeController(ClusterCommands commands, LedgerAccess access, DecisionAnswers answers) {
        this.commands = commands;
        this.access = access;
        this.answers = answers;
    }

    /**
     * Requests an upgrade. 201 with the plan of every hop when accepted (the first steps have started), 200 with the
     * plan for a dry run, 422 {@code upgrade-rejected} with the broken rule and the shortest allowed path otherwise
     * (recorded as {@code UpgradeRejected}, except for a dry run), both with {@code wayOut} where one exists; 409 when
     * another upgrade is active or the last one is not finalized ({@code finalize-before-next-upgrade}). An accepted
     * plan lists {@code uncheckedRules}: the rules that could not be checked or are switched off. A plan is shown up to
     * {@code stageLimit} stages in all ({@link DecisionAnswers}); each hop has its whole plan's counts.
     */
    @ApiResponse(responseCode = "201", description = "accepted: the upgrade id and the plan of every hop",
            content = @Content(schema = @Schema(implementation = UpgradeAccepted.class)))
    @ApiResponse(responseCode = "200", description = "a dry run: the plan of every hop, nothing recorded",
            content = @Content(schema = @Schema(implementation = UpgradeDecision.class)))
    @PostMapping
    ResponseEntity<?> request(@PathVariable String clusterId, @RequestBody UpgradeRequestBody body,
                              @Parameter(description = "stages of the plan shown in the answer, 0-"
                                      + DecisionAnswers.MAX_STAGE_LIMIT + " (default ledger.upgrades."
                                      + "answer-stage-limit, 1000); planComplete says whether all were; each hop has"
                                      + " its stageCount and stepCount")
                              @RequestParam(required = false) Integer stageLimit,
                              Authentication actor,
                              @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                              String correlationId) {
        RequestAudit audit = RequestAudit.of(actor, correlationId);
        int shownStages = answers.stageLimit(stageLimit);
        RequestUpgrade command = body.toCommand(ClusterId.of(clusterId));
        if (command.targetClusterId() != null) {
            // a migration drives the target cluster too
            access.require(Role.OPERATOR, command.targetClusterId().value(), null);
        }
        UpgradeDecision decision = commands.send(command, audit);
        if (!decision.accepted()) {
            return rejected(decision);
        }
        decision = decision.shown(shownStages);
        if (command.dryRun()) {
            return ResponseEntity.ok(decision);
        }
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + clusterId + "/upgrades/"
                        + command.upgradeId()))
                .header(RequestAudit.CORRELATION_HEADER, audit.correlationId())
                .body(new UpgradeAccepted(command.upgradeId().value(), decision));
    }

    /** Reports one attempt's outcome; the receipt says whether it was recorded, a duplicate, or stale. */
    @PostMapping("/{upgradeId}/steps/{stepId}/outcome")
    StepReport report(@PathVariable String clusterId, @PathVariable String upgradeId, @PathVariable String stepId,
                      @RequestBody StepOutcomeBody body,
                      Authentication actor,
                      @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                      String correlationId) {
        StepReceipt receipt = commands.send(body.toCommand(ClusterId.of(clusterId), UpgradeId.of(upgradeId), stepId),
                RequestAudit.of(actor, correlationId));
        return new StepReport(stepId, receipt);
    }

    @PostMapping("/{upgradeId}/pause")
    ResponseEntity<OperatorAction> pause(@PathVariable String clusterId, @PathVariable String upgradeId,
                                         @RequestBody(required = false) ReasonBody body,
                                         Authentication actor) {
        return operate(clusterId, upgradeId, actor, "paused",
                (cluster, upgrade) -> new PauseUpgrade(cluster, upgrade, ReasonBody.reasonOf(body)));
    }

    @PostMapping("/{upgradeId}/resume")
    ResponseEntity<OperatorAction> resume(@PathVariable String clusterId, @PathVariable String upgradeId,
                                          Authentication actor) {
        return operate(clusterId, upgradeId, actor, "resumed", ResumeUpgrade::new);
    }

    @PostMapping("/{upgradeId}/abort")
    ResponseEntity<OperatorAction> abort(@PathVariable String clusterId, @PathVariable String upgradeId,
                                         @RequestBody(required = false) ReasonBody body,
                                         Authentication actor) {
        return operate(clusterId, upgradeId, actor, "aborted",
                (cluster, upgrade) -> new AbortUpgrade(cluster, upgrade, ReasonBody.reasonOf(body)));
    }

    @PostMapping("/{upgradeId}/rollback")
    ResponseEntity<OperatorAction> rollBack(@PathVariable String clusterId, @PathVariable String upgradeId,
                                            @RequestBody(required = false) ReasonBody body,
                                            Authentication actor) {
        return operate(clusterId, upgradeId, actor, "rolling-back",
                (cluster, upgrade) -> new RollBackUpgrade(cluster, upgrade, ReasonBody.reasonOf(body)));
    }

    @PostMapping("/{upgradeId}/finalize")
    ResponseEntity<OperatorAction> finalizeUpgrade(@PathVariable String clusterId, @PathVariable String upgradeId,
                                                   Authentication actor) {
        return operate(clusterId, upgradeId, actor, "finalized", FinalizeUpgrade::new);
    }

    /** Gives up on finalizing a completed upgrade (finalize gate), so that the next upgrade may start. */
    @PostMapping("/{upgradeId}/abandon")
    ResponseEntity<OperatorAction> abandon(@PathVariable String clusterId, @PathVariable String upgradeId,
                                           @RequestBody(required = false) ReasonBody body,
                                           Authentication actor) {
        return operate(clusterId, upgradeId, actor, "abandoned",
                (cluster, upgrade) -> new AbandonUpgrade(cluster, upgrade, ReasonBody.reasonOf(body)));
    }

    /**
     * Approves the APPROVAL step {@code stepId} the upgrade waits for ({@code UpgradeApproved}, with the caller and the
     * reason); the upgrade goes on. {@code counted} is false when that approval was given already (nothing recorded).
     * 409 {@code approval-not-pending} when the upgrade does not wait for that step.
     */
    @PostMapping("/{upgradeId}/approvals/{stepId}/approve")
    ApprovalAnswer approve(@PathVariable String clusterId, @PathVariable String upgradeId, @PathVariable String stepId,
                           @RequestBody(required = false) ReasonBody body, Authentication actor,
                           @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                           String correlationId) {
        StepReceipt receipt = commands.send(new ApproveUpgrade(ClusterId.of(clusterId), UpgradeId.of(upgradeId),
                stepId, ReasonBody.reasonOf(body)), RequestAudit.of(actor, correlationId));
        return new ApprovalAnswer(upgradeId, stepId, "approved", receipt == StepReceipt.ACCEPTED);
    }

    /** Rejects the APPROVAL step {@code stepId} ({@code ApprovalRejected}, with the caller and the reason): aborted. */
    @PostMapping("/{upgradeId}/approvals/{stepId}/reject")
    ApprovalAnswer reject(@PathVariable String clusterId, @PathVariable String upgradeId, @PathVariable String stepId,
                          @RequestBody(required = false) ReasonBody body, Authentication actor,
                          @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                          String correlationId) {
        commands.send(new RejectUpgrade(ClusterId.of(clusterId), UpgradeId.of(upgradeId), stepId,
                ReasonBody.reasonOf(body)), RequestAudit.of(actor, correlationId));
        return new ApprovalAnswer(upgradeId, stepId, "rejected", true);
    }

    private ResponseEntity<OperatorAction> operate(String clusterId, String upgradeId, Authentication actor, String status,
                                                   BiFunction<ClusterId, UpgradeId, ClusterCommand> command) {
        commands.send(command.apply(ClusterId.of(clusterId), UpgradeId.of(upgradeId)), RequestAudit.of(actor, null));
        return ResponseEntity.ok(new OperatorAction(upgradeId, status));
    }

    private static ResponseEntity<ProblemDetail> rejected(UpgradeDecision decision) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, decision.reason());
        problem.setType(ProblemTypes.of("upgrade-rejected"));
        problem.setTitle("Upgrade rejected");
        problem.setProperty("rule", decision.rule());
        problem.setProperty("allowedPath", decision.allowedPath().stream().map(Version::value).toList());
        if (decision.wayOut() != null) {
            problem.setProperty("wayOut", decision.wayOut());
        }
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    record UpgradeAccepted(String upgradeId, UpgradeDecision decision) {
    }

    record StepReport(String stepId, StepReceipt receipt) {
    }

    record OperatorAction(String upgradeId, String status) {
    }

    /** @param counted false when the same approval was recorded before (a repeat changes nothing) */
    record ApprovalAnswer(String upgradeId, String stepId, String status, boolean counted) {
    }

    record ReasonBody(String reason) {

        static String reasonOf(ReasonBody body) {
            return body == null ? null : body.reason();
        }
    }
}

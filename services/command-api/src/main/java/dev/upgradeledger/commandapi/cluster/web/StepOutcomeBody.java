package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.UpgradeId;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * Body of {@code POST .../upgrades/{upgradeId}/steps/{stepId}/outcome}: the attempt and manager epoch from the
 * {@code StepStarted} event, and either {@code "outcome":"SUCCEEDED"} with facts or {@code "outcome":"FAILED"} with a
 * code, a message and whether a retry may succeed.
 */
record StepOutcomeBody(@Schema(example = "1") Integer attempt,
                       @Schema(example = "0") Long managerEpoch,
                       @Schema(allowableValues = {"SUCCEEDED", "FAILED"}) String outcome,
                       @Schema(example = "{\"checksum\":\"sha256:...\"}") Map<String, String> facts,
                       String code, String message, Boolean retryable) {

    ReportStepOutcome toCommand(ClusterId clusterId, UpgradeId upgradeId, String stepId) {
        if (attempt == null || managerEpoch == null) {
            throw new InvalidValueException("attempt and managerEpoch are required (from the StepStarted event)");
        }
        StepOutcome result;
        if ("SUCCEEDED".equals(outcome)) {
            result = new StepOutcome.Succeeded(facts);
        } else if ("FAILED".equals(outcome)) {
            result = new StepOutcome.Failed(code, message == null ? "" : message, Boolean.TRUE.equals(retryable));
        } else {
            throw new InvalidValueException("outcome must be SUCCEEDED or FAILED, was "
                    + (outcome == null ? "null" : "\"" + outcome + "\""));
        }
        return new ReportStepOutcome(clusterId, upgradeId, stepId, attempt, managerEpoch, result);
    }
}

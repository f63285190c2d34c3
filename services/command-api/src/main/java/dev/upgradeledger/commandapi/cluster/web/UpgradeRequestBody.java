package dev.upgradeledger.commandapi.cluster.web;

import static dev.upgradeledger.support.web.EnumValues.named;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/** Body of {@code POST /api/v1/clusters/{clusterId}/upgrades}; only targetVersion and strategy are required. */
record UpgradeRequestBody(
        @Schema(description = "chosen by the caller, or generated") String upgradeId,
        @Schema(example = "7.6") String targetVersion,
        @Schema(description = "defaults: unchanged, or the target version when schemaChange is not NONE")
        String targetSchemaVersion,
        @Schema(example = "ROLLING", allowableValues = {"ROLLING", "OFFLINE", "REJOIN", "MIGRATION", "LIVE_MOVE", "RESTORE"})
        String strategy,
        @Schema(example = "ADDITIVE", allowableValues = {"NONE", "ADDITIVE", "DESTRUCTIVE"}) String schemaChange,
        Boolean stateFormatChange,
        @Schema(example = "33%", description = "ROLLING: a count or a percentage") String maxUnavailable,
        Boolean byGroup,
        @Schema(description = "MIGRATION and LIVE_MOVE: the registered cluster to move to") String targetClusterId,
        FailurePolicyBody failurePolicy,
        @Schema(description = "run the shortest allowed path when the direct hop is refused") Boolean followPath,
        @Schema(description = "answer the plan without recording anything") Boolean dryRun,
        @Schema(example = "3") Integer maxAttempts,
        @Schema(example = "10m", description = "per attempt: 30s, 10m, 1h or ISO-8601") String stepTimeout,
        @Schema(example = "5m", description = "ROLLING: each batch stays in service this long, then is verified again,"
                + " before the next batch starts") String soakTime,
        @Schema(example = "[1, 3]", description = "batches (from 1) that wait for an operator's approval; [1] before"
                + " the first step for a strategy without batches") java.util.List<Integer> approvalBefore,
        @Schema(example = "24h", description = "how long an approval waits before it expires (default 24h)")
        String approvalTimeout,
        @Schema(description = "RESTORE: the upgrade whose recorded state export is restored (default: the last export"
                + " recorded on the cluster)") String restoreFrom) {

    record FailurePolicyBody(@Schema(allowableValues = {"PAUSE", "QUARANTINE"}) String mode,
                             Integer maxFailedPercent) {
    }

    RequestUpgrade toCommand(ClusterId clusterId) {
        return new RequestUpgrade(clusterId,
                upgradeId == null ? UpgradeId.generate() : UpgradeId.of(upgradeId),
                Version.of(targetVersion),
                targetSchemaVersion == null ? null : Version.of(targetSchemaVersion),
                named(UpgradeStrategy.class, "strategy", strategy),
                schemaChange == null ? SchemaChange.NONE : named(SchemaChange.class, "schemaChange", schemaChange),
                Boolean.TRUE.equals(stateFormatChange),
                maxUnavailable == null ? null : MaxUnavailable.of(maxUnavailable),
                Boolean.TRUE.equals(byGroup),
                targetClusterId == null ? null : ClusterId.of(targetClusterId),
                failurePolicy == null ? null : new FailurePolicy(
                        named(FailurePolicy.Mode.class, "failurePolicy.mode", failurePolicy.mode()),
                        failurePolicy.maxFailedPercent() == null ? 0 : failurePolicy.maxFailedPercent()),
                Boolean.TRUE.equals(followPath),
                Boolean.TRUE.equals(dryRun),
                maxAttempts == null ? RequestUpgrade.DEFAULT_MAX_ATTEMPTS : maxAttempts,
                stepTimeout == null ? RequestUpgrade.DEFAULT_STEP_TIMEOUT : duration("stepTimeout", stepTimeout),
                soakTime == null ? null : duration("soakTime", soakTime),
                approvalBefore,
                approvalTimeout == null ? null : duration("approvalTimeout", approvalTimeout),
                restoreFrom == null ? null : UpgradeId.of(restoreFrom));
    }

    private static Duration duration(String name, String text) {
        try {
            return DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(name + " must be a duration such as 30s, 10m or PT1H, was \""
                    + text + "\"");
        }
    }
}

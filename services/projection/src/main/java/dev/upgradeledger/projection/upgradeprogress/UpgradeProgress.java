package dev.upgradeledger.projection.upgradeprogress;

import java.time.Instant;
import java.util.List;

/** One upgrade with every plan it ran (a plan per hop, then a rollback's), their stages and steps. */
public record UpgradeProgress(UpgradeSummary upgrade, List<Plan> plans) {

    /**
     * @param kind   {@code HOP} (from {@code fromVersion} to {@code toVersion}) or {@code ROLLBACK} (with its reason)
     */
    public record Plan(int plan, String kind, String fromVersion, String toVersion, String toSchemaVersion,
                       String reason, Instant plannedAt, List<Stage> stages, long lastSequence, long lastPosition) {
    }

    /** Steps that run at the same time; {@code batch} of {@code batches} for a rolling upgrade's batch stages. */
    public record Stage(int index, String description, Integer batch, Integer batches, List<StepProgress> steps) {
    }
}

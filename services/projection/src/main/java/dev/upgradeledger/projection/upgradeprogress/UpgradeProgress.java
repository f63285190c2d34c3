package dev.upgradeledger.projection.upgradeprogress;

import java.time.Instant;
import java.util.List;

/**
 * One upgrade with every plan it ran (a plan per hop, then a rollback's) and their stages, whole, and one page of their
 * steps in plan, stage and step order.
 *
 * @param next the {@code after} of the next page of steps, null on the last page (and when every step is here)
 */
public record UpgradeProgress(UpgradeSummary upgrade, List<Plan> plans, String next) {

    /**
     * @param kind   {@code HOP} (from {@code fromVersion} to {@code toVersion}) or {@code ROLLBACK} (with its reason)
     */
    public record Plan(int plan, String kind, String fromVersion, String toVersion, String toSchemaVersion,
                       String reason, Instant plannedAt, List<Stage> stages, long lastSequence, long lastPosition) {
    }

    /**
     * Steps that run at the same time; {@code batch} of {@code batches} for a rolling upgrade's batch stages.
     *
     * @param stepCount  the stage's steps, all of them (whichever page {@code steps} is)
     * @param stepsDone  of those, the ones succeeded, skipped or cancelled
     * @param steps      the stage's steps on this page
     */
    public record Stage(int index, String description, Integer batch, Integer batches, int stepCount, int stepsDone,
                        List<StepProgress> steps) {
    }
}

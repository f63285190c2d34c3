package dev.upgradeledger.projection.model;

import java.util.Collection;
import java.util.List;

/**
 * The upgrades, plans and steps an {@link UpgradeTransition} reads and changes. A partial store (a batch of the live
 * read model) holds at least the upgrades the batch's events name, and of their current plans the steps the events
 * name, every step of a node that a quarantine names or whose step that moves the node an event names, and the steps
 * not settled yet of an upgrade that ends or is rolled back in the batch.
 */
public interface UpgradeScope {

    /** The upgrade, null when the cluster has none of that id. */
    UpgradeRow upgrade(String clusterId, String upgradeId);

    /** A new row for the upgrade, replacing what the upgrade had (its plans and steps are gone). */
    void open(UpgradeRow upgrade);

    /** The upgrade changed. */
    void changed(UpgradeRow upgrade);

    void planned(PlanRow plan, List<StepRow> steps);

    /** The step of the upgrade's plan, null when the plan has no such step. */
    StepRow step(UpgradeRow upgrade, int plan, String stepId);

    /** The steps of the plan on the node. */
    Collection<StepRow> stepsOf(UpgradeRow upgrade, int plan, String nodeId);

    /** The steps of the plan that are {@code PENDING}, {@code RUNNING} or {@code RETRYING}. */
    Collection<StepRow> unsettled(UpgradeRow upgrade, int plan);

    /** The step changed. */
    void changed(StepRow step);
}

package dev.upgradeledger.commandapi.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupName;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which cluster manages each discovery group of a cluster (the groups' home: the cluster whose nodes carry them), one
 * manager per group at every moment ("more than one Replicante cluster must not be managing the same datastore"). A
 * group nobody claimed yet is managed by its home cluster at epoch 0; every claim and release raises the group's epoch,
 * its fencing token. Held by the home cluster's aggregate, so claims, releases and the live move's steps on one group
 * are decided one after the other; changed only by event-sourcing handlers.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class DiscoveryGroups {

    /** The recorded manager of a group: null while released. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Manager {
        ClusterId manager;
        long epoch;

        Manager() {
        }

        Manager(ClusterId manager, long epoch) {
            this.manager = manager;
            this.epoch = epoch;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Manager that && Objects.equals(manager, that.manager) && epoch == that.epoch;
        }

        @Override
        public int hashCode() {
            return Objects.hash(manager, epoch);
        }
    }

    Map<String, Manager> recorded = new LinkedHashMap<>();

    /** The group's manager now: the recorded one, else the home cluster (epoch 0) for one of its node groups. */
    Optional<Manager> of(ClusterId home, Collection<ClusterNode> nodes, String group) {
        Manager manager = recorded.get(group);
        if (manager != null) {
            return Optional.of(manager);
        }
        boolean known = nodes.stream().anyMatch(node -> DiscoveryGroupName.of(node.group).equals(group));
        return known ? Optional.of(new Manager(home, 0)) : Optional.empty();
    }

    /** The event of {@code claimant} claiming {@code group}, nothing when it manages it already, or a refusal. */
    Optional<LedgerEvent> claim(ClusterId home, Collection<ClusterNode> nodes, String group, ClusterId claimant,
                                UpgradeId upgradeId, String stepId) {
        Manager now = known(home, nodes, group);
        if (claimant.equals(now.manager)) {
            return Optional.empty();
        }
        if (now.manager != null) {
            throw new ClusterRefusal(Rule.GROUP_MANAGED_ELSEWHERE, managedBy(group, now) + "; " + claimant
                    + " may claim it only once that cluster released it",
                    "release group " + group + " from " + now.manager + " first");
        }
        return Optional.of(new DiscoveryGroupClaimed(home, group, claimant, now.epoch + 1, upgradeId, stepId));
    }

    /** The event of {@code manager} releasing {@code group}, nothing when nobody manages it, or a refusal. */
    Optional<LedgerEvent> release(ClusterId home, Collection<ClusterNode> nodes, String group, ClusterId manager,
                                  UpgradeId upgradeId, String stepId) {
        Manager now = known(home, nodes, group);
        if (now.manager == null) {
            return Optional.empty();
        }
        if (!now.manager.equals(manager)) {
            throw new ClusterRefusal(Rule.NOT_THE_GROUP_MANAGER, managedBy(group, now) + ", not by " + manager,
                    "release it from " + now.manager);
        }
        return Optional.of(new DiscoveryGroupReleased(home, group, manager, now.epoch + 1, upgradeId, stepId));
    }

    /**
     * Why a live move's step may not start now: removing a group from the old cluster that another cluster manages,
     * or adding it to the new one while a third cluster manages it.
     */
    Optional<StepInvariants.Violation> violation(ClusterId home, Collection<ClusterNode> nodes, PlannedStep step) {
        String group = step.parameters().get("group");
        if (group == null || DiscoveryGroupName.ALL.equals(group) || !moves(step.action())) {
            return Optional.empty();
        }
        return managedElsewhere(home, nodes, group, step.clusterId()).map(now -> new StepInvariants.Violation(
                Rule.GROUP_MANAGED_ELSEWHERE, managedBy(group, now) + ", so " + step.action() + " on "
                + step.clusterId() + " would leave it with two managers; release it there, then resume"));
    }

    /** The fencing event a live move's successful step records after its fact, if any. */
    Optional<LedgerEvent> after(ClusterId home, Collection<ClusterNode> nodes, UpgradeId upgradeId,
                                PlannedStep step) {
        String group = step.parameters().get("group");
        if (group == null || DiscoveryGroupName.ALL.equals(group)) {
            return Optional.empty();
        }
        if (step.action() == StepAction.ADD_DISCOVERY_GROUP) {
            Optional<Manager> other = managedElsewhere(home, nodes, group, step.clusterId());
            if (other.isPresent()) {
                throw new StepFacts.MissingFact(Rule.GROUP_MANAGED_ELSEWHERE.id(), managedBy(group, other.get())
                        + "; " + step.clusterId() + " added it meanwhile and must not manage it too");
            }
            return claim(home, nodes, group, step.clusterId(), upgradeId, step.stepId());
        }
        if (step.action() == StepAction.ROLLING_RESTART && step.clusterId().equals(home)
                && of(home, nodes, group).filter(now -> home.equals(now.manager)).isPresent()) {
            // the old cluster's processes were restarted without the group: it no longer manages it (step 6.2); a
            // group released and claimed elsewhere meanwhile is not released again (the next step's check pauses)
            return release(home, nodes, group, home, upgradeId, step.stepId());
        }
        return Optional.empty();
    }

    void on(DiscoveryGroupClaimed event) {
        recorded.put(event.group(), new Manager(event.managerClusterId(), event.epoch()));
    }

    void on(DiscoveryGroupReleased event) {
        recorded.put(event.group(), new Manager(null, event.epoch()));
    }

    /** Who manages {@code group} when it is a cluster other than {@code cluster}. */
    private Optional<Manager> managedElsewhere(ClusterId home, Collection<ClusterNode> nodes, String group,
                                               ClusterId cluster) {
        return of(home, nodes, group).filter(now -> now.manager != null && !now.manager.equals(cluster));
    }

    private Manager known(ClusterId home, Collection<ClusterNode> nodes, String group) {
        return of(home, nodes, group).orElseThrow(() -> new ClusterRefusal(Rule.UNKNOWN_GROUP, "cluster " + home
                + " has no discovery group " + group, "one of its node groups (nodes without one: "
                + DiscoveryGroupName.DEFAULT + ")"));
    }

    private static boolean moves(StepAction action) {
        return action == StepAction.REMOVE_DISCOVERY_GROUP || action == StepAction.ADD_DISCOVERY_GROUP;
    }

    private static String managedBy(String group, Manager now) {
        return "group " + group + " is managed by " + now.manager + " (epoch " + now.epoch + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DiscoveryGroups that && recorded.equals(that.recorded);
    }

    @Override
    public int hashCode() {
        return recorded.hashCode();
    }
}

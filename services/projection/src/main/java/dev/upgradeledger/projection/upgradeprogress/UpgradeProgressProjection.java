package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.model.PlanRow;
import dev.upgradeledger.projection.model.StepRow;
import dev.upgradeledger.projection.model.Subject;
import dev.upgradeledger.projection.model.UpgradeRow;
import dev.upgradeledger.projection.model.UpgradeScope;
import dev.upgradeledger.projection.model.UpgradeTransition;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgressRepository.Key;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The upgrade-progress read model, moved by {@link UpgradeTransition}. For a batch of events it loads, with a few
 * queries, the upgrades the batch names and the steps of their current plans it can change, applies every event to
 * them in memory (counts move by deltas, never recounted), and writes what changed with one batch per table; the
 * current stage of each upgrade changed is then read from its steps (an index of the unfinished ones).
 */
@Component
@Order(3)
class UpgradeProgressProjection implements ReadModel {

    private final UpgradeProgressRepository repository;

    UpgradeProgressProjection(UpgradeProgressRepository repository) {
        this.repository = repository;
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        UpgradeProgressRepository.Wanted wanted = new UpgradeProgressRepository.Wanted();
        for (EventEnvelope envelope : events) {
            LedgerEvent event = envelope.payload();
            Subject subject = Subject.of(event);
            if (subject.upgradeId() == null) {
                continue;
            }
            Key key = new Key(event.clusterId().value(), subject.upgradeId());
            wanted.upgrades.add(key);
            if (event instanceof NodeQuarantined) {
                wanted.nodes.add(new String[] {key.clusterId(), key.upgradeId(), subject.nodeId()});
            } else if (subject.stepId() != null) {
                wanted.steps.add(new String[] {key.clusterId(), key.upgradeId(), subject.stepId()});
            } else if (event instanceof RollbackStarted || event instanceof UpgradeAborted
                    || event instanceof UpgradeFailed || event instanceof UpgradeCompleted) {
                wanted.unsettled.add(key);
            }
        }
        if (wanted.upgrades.isEmpty()) {
            return;
        }
        Store store = new Store();
        repository.upgrades(wanted.upgrades).forEach(row -> store.upgrades.put(Key.of(row), row));
        repository.steps(wanted, store.upgrades).forEach(store::loaded);
        events.forEach(envelope -> UpgradeTransition.apply(store, envelope));
        repository.write(store.opened, store.changed.stream().map(store.upgrades::get).toList(), store.plans,
                store.changedSteps);
    }

    /** The rows of a batch: loaded or created, and which changed. */
    static final class Store implements UpgradeScope {

        final Map<Key, UpgradeRow> upgrades = new HashMap<>();
        final Set<Key> opened = new LinkedHashSet<>();
        final Set<Key> changed = new LinkedHashSet<>();
        final List<PlanRow> plans = new ArrayList<>();
        final Set<StepRow> changedSteps = new LinkedHashSet<>();
        private final Map<PlanKey, Steps> steps = new HashMap<>();

        /** A plan of an upgrade. */
        private record PlanKey(String clusterId, String upgradeId, int plan) {
        }

        /** One upgrade's steps held, by plan: by id, by node, all. */
        private static final class Steps {
            final Map<String, StepRow> byId = new HashMap<>();
            final Map<String, List<StepRow>> byNode = new HashMap<>();
            final List<StepRow> all = new ArrayList<>();
        }

        void loaded(StepRow step) {
            Steps plan = steps.computeIfAbsent(new PlanKey(step.clusterId, step.upgradeId, step.planNo),
                    key -> new Steps());
            if (plan.byId.putIfAbsent(step.stepId, step) == null) {
                plan.all.add(step);
                if (step.nodeId != null) {
                    plan.byNode.computeIfAbsent(step.nodeId, node -> new ArrayList<>()).add(step);
                }
            }
        }

        private Steps plan(UpgradeRow upgrade, int plan) {
            return steps.getOrDefault(new PlanKey(upgrade.clusterId, upgrade.upgradeId, plan), EMPTY);
        }

        private static final Steps EMPTY = new Steps();

        @Override
        public UpgradeRow upgrade(String clusterId, String upgradeId) {
            return upgrades.get(new Key(clusterId, upgradeId));
        }

        @Override
        public void open(UpgradeRow upgrade) {
            Key key = Key.of(upgrade);
            upgrades.put(key, upgrade);
            opened.add(key);
            changed.add(key);
            steps.keySet().removeIf(plan -> plan.clusterId().equals(key.clusterId())
                    && plan.upgradeId().equals(key.upgradeId()));
            plans.removeIf(plan -> plan.clusterId.equals(key.clusterId()) && plan.upgradeId.equals(key.upgradeId()));
            changedSteps.removeIf(step -> step.clusterId.equals(key.clusterId())
                    && step.upgradeId.equals(key.upgradeId()));
        }

        @Override
        public void changed(UpgradeRow upgrade) {
            changed.add(Key.of(upgrade));
        }

        @Override
        public void planned(PlanRow plan, List<StepRow> planSteps) {
            plans.add(plan);
            planSteps.forEach(step -> {
                loaded(step);
                changedSteps.add(step);
            });
        }

        @Override
        public StepRow step(UpgradeRow upgrade, int plan, String stepId) {
            return plan(upgrade, plan).byId.get(stepId);
        }

        @Override
        public Collection<StepRow> stepsOf(UpgradeRow upgrade, int plan, String nodeId) {
            return plan(upgrade, plan).byNode.getOrDefault(nodeId, List.of());
        }

        @Override
        public Collection<StepRow> unsettled(UpgradeRow upgrade, int plan) {
            return plan(upgrade, plan).all.stream().filter(step -> "PENDING".equals(step.status)
                    || "RUNNING".equals(step.status) || "RETRYING".equals(step.status)).toList();
        }

        @Override
        public void changed(StepRow step) {
            changedSteps.add(step);
        }
    }
}

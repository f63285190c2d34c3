package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.Rule;
import java.util.Optional;

/**
 * The target of a MIGRATION (Inmanta, Replicante): a second cluster, registered, in use, and not driven by another
 * manager ("two managers must never drive the same cluster").
 */
public final class MigrationTargetPolicy {

    public Optional<Refusal> check(ClusterSnapshot source, ClusterId targetId, Optional<ClusterSnapshot> target) {
        if (targetId.equals(source.id())) {
            return Optional.of(Refusal.of(Rule.MIGRATION_TARGET_IS_SOURCE, "a migration needs a second cluster next to "
                    + source.id(), "register a new cluster on the target version and migrate to it"));
        }
        if (target.isEmpty()) {
            return Optional.of(Refusal.of(Rule.MIGRATION_TARGET_NOT_REGISTERED, "register the target cluster "
                    + targetId + " on the new version first", "register cluster " + targetId + " on the target version"));
        }
        ClusterSnapshot other = target.get();
        if (other.retired()) {
            return Optional.of(Refusal.of(Rule.MIGRATION_TARGET_RETIRED, "cluster " + other.id() + " is retired"));
        }
        if (other.managerId() != null && !other.managerId().equals(source.managerId())) {
            return Optional.of(Refusal.of(Rule.TWO_MANAGERS, "cluster " + other.id() + " is managed by "
                            + other.managerId() + (source.managerId() == null ? "" : ", this one by " + source.managerId())
                            + "; two managers must never drive the same cluster",
                    "hand management of " + other.id() + " over to " + (source.managerId() == null
                            ? "the manager of " + source.id() : source.managerId())));
        }
        return Optional.empty();
    }
}

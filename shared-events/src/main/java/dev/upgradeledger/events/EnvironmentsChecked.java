package dev.upgradeledger.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * After the restore, every environment (workload group) of the migrated cluster was found on the target and still
 * halted (Inmanta step 9).
 *
 * @param targetClusterId the cluster the environments were restored on
 * @param environments    the environments checked, in the plan's order
 */
@Revision("1")
public record EnvironmentsChecked(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId targetClusterId,
                                  List<String> environments) implements LedgerEvent {

    public EnvironmentsChecked {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }
}

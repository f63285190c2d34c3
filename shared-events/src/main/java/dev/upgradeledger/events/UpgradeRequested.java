package dev.upgradeledger.events;

import java.time.Duration;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Someone asked for an upgrade; what follows is UpgradePlanned or UpgradeRejected.
 *
 * <p>Revision 2 adds {@code soakTime}, {@code approvalBefore} and {@code approvalTimeout} (see {@link RequestUpgrade}),
 * so that every hop of a followed path is planned with them; a revision 1 event reads as none of them (the upcaster
 * in command-api adds them empty, and a reader given one without them gets the same).
 */
@Revision("2")
public record UpgradeRequested(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version targetVersion,
                               Version targetSchemaVersion, UpgradeStrategy strategy, SchemaChange schemaChange,
                               boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                               ClusterId targetClusterId, FailurePolicy failurePolicy, boolean followPath,
                               int maxAttempts, Duration stepTimeout, Duration soakTime,
                               List<Integer> approvalBefore, Duration approvalTimeout) implements LedgerEvent {

    public UpgradeRequested {
        approvalBefore = approvalBefore == null ? List.of() : List.copyOf(approvalBefore);
    }

    /** The revision 1 shape: no soak time, no approvals of the request's own. */
    public UpgradeRequested(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version targetVersion,
                            Version targetSchemaVersion, UpgradeStrategy strategy, SchemaChange schemaChange,
                            boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                            ClusterId targetClusterId, FailurePolicy failurePolicy, boolean followPath,
                            int maxAttempts, Duration stepTimeout) {
        this(clusterId, upgradeId, fromVersion, targetVersion, targetSchemaVersion, strategy, schemaChange,
                stateFormatChange, maxUnavailable, byGroup, targetClusterId, failurePolicy, followPath, maxAttempts,
                stepTimeout, null, null, null);
    }
}

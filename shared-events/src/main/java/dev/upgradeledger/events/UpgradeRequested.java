package dev.upgradeledger.events;

import java.time.Duration;
import org.axonframework.serialization.Revision;

/** Someone asked for an upgrade; what follows is UpgradePlanned or UpgradeRejected. */
@Revision("1")
public record UpgradeRequested(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version targetVersion,
                               Version targetSchemaVersion, UpgradeStrategy strategy, SchemaChange schemaChange,
                               boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                               ClusterId targetClusterId, FailurePolicy failurePolicy, boolean followPath,
                               int maxAttempts, Duration stepTimeout) implements LedgerEvent {
}

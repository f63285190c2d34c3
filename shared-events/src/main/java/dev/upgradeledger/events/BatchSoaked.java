package dev.upgradeledger.events;

import java.time.Duration;
import org.axonframework.serialization.Revision;

/** A {@code SOAK} step ended: the batch before it stayed in service for {@code soakTime}; the next batch may start. */
@Revision("1")
public record BatchSoaked(ClusterId clusterId, UpgradeId upgradeId, String stepId, Duration soakTime)
        implements LedgerEvent {
}

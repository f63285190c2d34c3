package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import java.util.Objects;

/**
 * A state export an upgrade recorded ({@code StateExported}), as a {@link dev.upgradeledger.events.UpgradeStrategy#RESTORE}
 * starts from it: which upgrade took it, its checksum and where the dump is, and the version and schema (state format)
 * the cluster ran when it was taken.
 */
public record RecordedExport(UpgradeId upgradeId, String checksum, String dumpRef, Version version,
                             Version schemaVersion) {

    public RecordedExport {
        Objects.requireNonNull(upgradeId, "upgradeId");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        dumpRef = dumpRef == null ? "" : dumpRef;
    }
}

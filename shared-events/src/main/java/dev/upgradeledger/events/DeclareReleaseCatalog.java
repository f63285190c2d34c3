package dev.upgradeledger.events;

/** Declare or replace the product's release catalog and the version rules it enforces. */
public record DeclareReleaseCatalog(ClusterId clusterId, ReleaseCatalog catalog,
                                    PolicyRules rules) implements ClusterCommand {

    public DeclareReleaseCatalog {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(catalog != null, "catalog is required");
        Validation.require(rules != null, "rules are required");
    }
}

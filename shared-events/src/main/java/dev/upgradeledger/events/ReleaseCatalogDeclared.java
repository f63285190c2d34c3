package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The product's release catalog and version rules, declared or replaced. */
@Revision("1")
public record ReleaseCatalogDeclared(ClusterId clusterId, ReleaseCatalog catalog,
                                     PolicyRules rules) implements LedgerEvent {
}

package dev.upgradeledger.events;

/**
 * Any command the ledger takes: to one cluster ({@link ClusterCommand}) or to one product's profile
 * ({@link ProductCommand}), or to one fleet upgrade ({@link FleetCommand}). Its wire name is its simple class name (see {@link LedgerCommands}).
 */
public sealed interface LedgerCommand permits ClusterCommand, ProductCommand, FleetCommand {
}

package dev.upgradeledger.events;

/** What an upgrade does to the database schema or state format. */
public enum SchemaChange {
    NONE,
    /** Expand only (new tables, columns, indexes): old nodes keep working on the new schema. */
    ADDITIVE,
    /** Renames or drops: old nodes break on the new schema; never rolling, never rolled back. */
    DESTRUCTIVE
}

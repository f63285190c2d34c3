-- Bookkeeping, not a read model (left out of snapshots and checksums): secondary indexes a FULL rebuild dropped to
-- fill its tables faster, with their definitions, until they are built again at its end (or at the next start-up
-- when the projection stopped in between).
CREATE TABLE deferred_index (
    index_name VARCHAR(63) PRIMARY KEY,
    definition TEXT        NOT NULL
);

-- Time travel's shortcut: the state of a cluster's fold (ClusterStateFold) after every N-th event of the cluster
-- (ledger.projection.fold-snapshots.every), as JSON. Derived from the cluster's events alone, in order, like every
-- read model: written in the transaction that applies the event, restored with snapshots, compared by checksums.
CREATE TABLE fold_snapshot (
    cluster_id VARCHAR(63) NOT NULL,
    sequence   BIGINT      NOT NULL,
    state      TEXT        NOT NULL,
    PRIMARY KEY (cluster_id, sequence)
);

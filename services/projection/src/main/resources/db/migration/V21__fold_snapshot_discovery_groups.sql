-- Fold snapshots now also hold the managers of a cluster's discovery groups (time travel shows who manages which
-- group at each moment). Snapshots written before lack them, so a fold resumed from one would show none: they are
-- dropped, and time travel folds from the registration until FoldSnapshotProjection has written new ones.
DELETE FROM fold_snapshot;

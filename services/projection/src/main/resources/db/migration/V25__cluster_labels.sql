-- Clusters carry labels (ClusterRegistered revision 2, ClusterLabelsChanged): the whole set as a JSON object, matched
-- by containment for GET /api/v1/clusters?label=k=v. Clusters projected before had none (no event could give any).
ALTER TABLE cluster_status ADD COLUMN labels JSONB NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX cluster_status_labels ON cluster_status USING GIN (labels jsonb_path_ops);
-- Fold snapshots now also hold the cluster's labels; those written before lack them, so they are dropped and time
-- travel folds from the registration until FoldSnapshotProjection has written new ones (as V21 did).
DELETE FROM fold_snapshot;

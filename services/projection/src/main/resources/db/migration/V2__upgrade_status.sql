-- The cluster's upgrade as dashboards follow it: which upgrade is active, its status, and whether the cluster is in
-- a mixed-version window (nodes on different versions, or a completed upgrade not yet finalized).
ALTER TABLE cluster_status ADD COLUMN upgrade_id VARCHAR(64);
ALTER TABLE cluster_status ADD COLUMN upgrade_status VARCHAR(32);
ALTER TABLE cluster_status ADD COLUMN target_version VARCHAR(64);
ALTER TABLE cluster_status ADD COLUMN mixed_version_window BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cluster_status ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE;

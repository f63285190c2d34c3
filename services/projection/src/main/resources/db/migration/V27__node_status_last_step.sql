-- A batch reads the nodes whose last step is a step it names (an outcome that does not name its node), and the nodes
-- whose last step of an upgrade still runs, key by key (ClusterStatusRepository.NODES_TO_CHANGE): through this index instead of
-- all of a cluster's nodes. Index only: no row changes.
CREATE INDEX node_status_last_step ON node_status (cluster_id, last_upgrade_id, last_step_id);

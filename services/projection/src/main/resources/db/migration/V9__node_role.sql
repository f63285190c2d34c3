-- A node's role (the component it runs: manager, agent, engine), from ClusterRegistered and NodeAdded; null for nodes
-- registered without one.
ALTER TABLE node_status ADD COLUMN node_role VARCHAR(32);

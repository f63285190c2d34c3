-- The simulated fleet's discovery configuration per cluster (Replicante live move): the groups configured, comma
-- separated, and how many rolling restarts the cluster went through.
alter table sim_cluster add column discovery_groups text not null default '';
alter table sim_cluster add column restarts integer not null default 0;

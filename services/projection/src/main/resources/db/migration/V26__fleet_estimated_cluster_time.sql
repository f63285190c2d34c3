-- The plan's estimate of one cluster's upgrade, recorded with the fleet's start (FleetUpgradeStarted
-- .estimatedClusterTime, ISO-8601): the ETA's cluster time until a step is measured. NULL for fleets started before
-- the event carried it; the ETA then assumes the planner's default (10 minutes).
ALTER TABLE fleet_upgrade ADD COLUMN estimated_cluster_time_ms BIGINT;

-- The fleet process's record of each (fleet upgrade, cluster) whose upgrade it requested, written in the transaction
-- of the request's events: a FleetClusterStarted handled again requests nothing more.
CREATE TABLE fleet_cluster_request (
    fleet_id     VARCHAR(64)  NOT NULL,
    cluster_id   VARCHAR(63)  NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (fleet_id, cluster_id)
);

-- Which cluster manages each discovery group (Replicante live move): one row per group whose manager was recorded
-- (DiscoveryGroupClaimed / DiscoveryGroupReleased); a group without a row is managed by its home cluster, epoch 0.
CREATE TABLE discovery_group (
    cluster_id         VARCHAR(63)  NOT NULL,
    group_name         VARCHAR(64)  NOT NULL,
    manager_cluster_id VARCHAR(63),
    epoch              BIGINT       NOT NULL,
    upgrade_id         VARCHAR(128),
    step_id            VARCHAR(128),
    changed_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (cluster_id, group_name)
);
CREATE INDEX discovery_group_manager ON discovery_group (manager_cluster_id);

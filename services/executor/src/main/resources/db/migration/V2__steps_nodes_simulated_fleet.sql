-- What the executor did for every (step, attempt) it was asked to perform: a redelivered StepStarted finds its row
-- and the outcome is reported again instead of acting again.
CREATE TABLE step_execution (
    idempotency_key VARCHAR(400) PRIMARY KEY,
    cluster_id      VARCHAR(63)  NOT NULL,
    upgrade_id      VARCHAR(64)  NOT NULL,
    step_id         VARCHAR(64)  NOT NULL,
    attempt         INTEGER      NOT NULL,
    action          VARCHAR(32)  NOT NULL,
    node_id         VARCHAR(128),
    driver          VARCHAR(32)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    outcome         TEXT,
    started_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ
);

CREATE INDEX step_execution_cluster ON step_execution (cluster_id, started_at);

-- The nodes of every cluster as the events describe them: drivers need their addresses and groups.
CREATE TABLE cluster_node (
    cluster_id VARCHAR(63)  NOT NULL,
    node_id    VARCHAR(128) NOT NULL,
    address    VARCHAR(255) NOT NULL,
    node_group VARCHAR(64),
    version    VARCHAR(64)  NOT NULL,
    PRIMARY KEY (cluster_id, node_id)
);

-- The simulated fleet: nodes that really hold a version and a state, changed by actions at most once per key.
CREATE TABLE sim_cluster (
    cluster_id       VARCHAR(63) PRIMARY KEY,
    schema_version   VARCHAR(64),
    workloads_halted BOOLEAN NOT NULL DEFAULT FALSE,
    moved_groups     TEXT    NOT NULL DEFAULT '',
    last_export      VARCHAR(128)
);

CREATE TABLE sim_node (
    cluster_id VARCHAR(63)  NOT NULL,
    node_id    VARCHAR(128) NOT NULL,
    version    VARCHAR(64)  NOT NULL,
    isolated   BOOLEAN      NOT NULL DEFAULT FALSE,
    removed    BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (cluster_id, node_id)
);

CREATE TABLE sim_action (
    idempotency_key VARCHAR(400) PRIMARY KEY,
    cluster_id      VARCHAR(63)  NOT NULL,
    node_id         VARCHAR(128),
    action          VARCHAR(32)  NOT NULL,
    result          TEXT         NOT NULL,
    performed_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    received        INTEGER      NOT NULL DEFAULT 1
);

CREATE INDEX sim_action_cluster ON sim_action (cluster_id, performed_at);

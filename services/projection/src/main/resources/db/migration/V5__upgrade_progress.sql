-- Upgrade progress: one row per upgrade of a cluster, its plans (one per hop, and one for a rollback) and every step
-- of them. Every value comes from the events (event timestamps, never the clock); every row remembers the last event
-- it includes (sequence within the cluster, position in the event store).

CREATE TABLE upgrade_progress (
    cluster_id              VARCHAR(63)  NOT NULL,
    upgrade_id              VARCHAR(64)  NOT NULL,
    request_sequence        BIGINT       NOT NULL,
    strategy                VARCHAR(16),
    from_version            VARCHAR(64)  NOT NULL,
    target_version          VARCHAR(64)  NOT NULL,
    target_schema_version   VARCHAR(64),
    target_cluster_id       VARCHAR(63),
    max_attempts            INTEGER,
    step_timeout            VARCHAR(32),
    failure_policy          VARCHAR(16),
    max_failed_percent      INTEGER,
    status                  VARCHAR(16)  NOT NULL,
    status_reason           TEXT,
    rejected_rule           VARCHAR(64),
    rolling_back            BOOLEAN      NOT NULL DEFAULT FALSE,
    requested_by            VARCHAR(128),
    correlation_id          VARCHAR(128),
    requested_at            TIMESTAMPTZ  NOT NULL,
    started_at              TIMESTAMPTZ,
    paused_at               TIMESTAMPTZ,
    resumed_at              TIMESTAMPTZ,
    rollback_started_at     TIMESTAMPTZ,
    completed_at            TIMESTAMPTZ,
    failed_at               TIMESTAMPTZ,
    aborted_at              TIMESTAMPTZ,
    finalized_at            TIMESTAMPTZ,
    paused_ms               BIGINT       NOT NULL DEFAULT 0,
    current_plan            INTEGER      NOT NULL DEFAULT 0,
    hops_remaining          INTEGER      NOT NULL DEFAULT 0,
    current_stage           INTEGER,
    current_stage_description TEXT,
    current_batch           INTEGER,
    batch_count             INTEGER,
    steps_total             INTEGER      NOT NULL DEFAULT 0,
    steps_pending           INTEGER      NOT NULL DEFAULT 0,
    steps_running           INTEGER      NOT NULL DEFAULT 0,
    steps_retrying          INTEGER      NOT NULL DEFAULT 0,
    steps_succeeded         INTEGER      NOT NULL DEFAULT 0,
    steps_failed            INTEGER      NOT NULL DEFAULT 0,
    steps_timed_out         INTEGER      NOT NULL DEFAULT 0,
    steps_skipped           INTEGER      NOT NULL DEFAULT 0,
    steps_cancelled         INTEGER      NOT NULL DEFAULT 0,
    attempts                INTEGER      NOT NULL DEFAULT 0,
    failures                INTEGER      NOT NULL DEFAULT 0,
    nodes_total             INTEGER      NOT NULL DEFAULT 0,
    nodes_upgraded          INTEGER      NOT NULL DEFAULT 0,
    nodes_quarantined       INTEGER      NOT NULL DEFAULT 0,
    last_failure_step_id    VARCHAR(64),
    last_failure_node_id    VARCHAR(128),
    last_failure_action     VARCHAR(32),
    last_failure_attempt    INTEGER,
    last_failure_code       VARCHAR(128),
    last_failure_message    TEXT,
    last_failure_will_retry BOOLEAN,
    last_failure_at         TIMESTAMPTZ,
    updated_at              TIMESTAMPTZ  NOT NULL,
    last_sequence           BIGINT       NOT NULL,
    last_position           BIGINT       NOT NULL,
    PRIMARY KEY (cluster_id, upgrade_id)
);

CREATE INDEX upgrade_progress_upgrade ON upgrade_progress (upgrade_id);
CREATE INDEX upgrade_progress_newest ON upgrade_progress (cluster_id, request_sequence DESC);
CREATE INDEX upgrade_progress_status ON upgrade_progress (status);

-- One plan per hop of the upgrade (1, 2, ...), and one more when it is rolled back.
CREATE TABLE upgrade_plan (
    cluster_id        VARCHAR(63) NOT NULL,
    upgrade_id        VARCHAR(64) NOT NULL,
    plan_no           INTEGER     NOT NULL,
    kind              VARCHAR(16) NOT NULL,
    from_version      VARCHAR(64),
    to_version        VARCHAR(64),
    to_schema_version VARCHAR(64),
    reason            TEXT,
    planned_at        TIMESTAMPTZ NOT NULL,
    last_sequence     BIGINT      NOT NULL,
    last_position     BIGINT      NOT NULL,
    PRIMARY KEY (cluster_id, upgrade_id, plan_no)
);

CREATE TABLE upgrade_step (
    cluster_id         VARCHAR(63)  NOT NULL,
    upgrade_id         VARCHAR(64)  NOT NULL,
    plan_no            INTEGER      NOT NULL,
    step_id            VARCHAR(64)  NOT NULL,
    stage_index        INTEGER      NOT NULL,
    step_index         INTEGER      NOT NULL,
    stage_description  TEXT         NOT NULL,
    batch              INTEGER,
    batch_count        INTEGER,
    action             VARCHAR(32)  NOT NULL,
    node_id            VARCHAR(128),
    target_cluster_id  VARCHAR(63)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    node_quarantined   BOOLEAN      NOT NULL DEFAULT FALSE,
    attempts           INTEGER      NOT NULL DEFAULT 0,
    started_at         TIMESTAMPTZ,
    attempt_started_at TIMESTAMPTZ,
    deadline           TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    duration_ms        BIGINT,
    last_error_attempt INTEGER,
    last_error_code    VARCHAR(128),
    last_error_message TEXT,
    last_error_at      TIMESTAMPTZ,
    last_sequence      BIGINT       NOT NULL,
    last_position      BIGINT       NOT NULL,
    PRIMARY KEY (cluster_id, upgrade_id, plan_no, step_id)
);

-- Nodes: the last upgrade and step that touched each, and the event the row includes.
ALTER TABLE node_status ADD COLUMN last_position BIGINT NOT NULL DEFAULT 0;
ALTER TABLE node_status ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE node_status ADD COLUMN last_upgrade_id VARCHAR(64);
ALTER TABLE node_status ADD COLUMN last_step_id VARCHAR(64);
ALTER TABLE node_status ADD COLUMN last_action VARCHAR(32);
ALTER TABLE node_status ADD COLUMN last_step_status VARCHAR(16);

-- Rows written before this migration: the last event that names each node, from the history (event-derived).
UPDATE node_status n SET last_sequence = h.sequence, last_position = h.position, updated_at = h.occurred_at
FROM (SELECT DISTINCT ON (cluster_id, node) cluster_id, node, sequence, position, occurred_at
      FROM (SELECT cluster_id, coalesce(node_id, payload -> 'node' ->> 'id') AS node, sequence, position, occurred_at
            FROM history_event) named
      WHERE node IS NOT NULL
      ORDER BY cluster_id, node, sequence DESC) h
WHERE n.cluster_id = h.cluster_id AND n.node_id = h.node;
UPDATE node_status n SET last_position = h.position, updated_at = h.occurred_at
FROM history_event h
WHERE n.updated_at IS NULL AND h.cluster_id = n.cluster_id AND h.sequence = 0;
UPDATE node_status n SET last_upgrade_id = h.upgrade_id, last_step_id = h.step_id
FROM (SELECT DISTINCT ON (cluster_id, node_id) cluster_id, node_id, upgrade_id, step_id
      FROM history_event WHERE node_id IS NOT NULL AND step_id IS NOT NULL
      ORDER BY cluster_id, node_id, sequence DESC) h
WHERE n.cluster_id = h.cluster_id AND n.node_id = h.node_id;
UPDATE node_status n SET last_action = h.action
FROM (SELECT DISTINCT ON (cluster_id, node_id) cluster_id, node_id, upgrade_id, step_id, payload ->> 'action' AS action
      FROM history_event WHERE event_type = 'StepStarted' AND node_id IS NOT NULL
      ORDER BY cluster_id, node_id, sequence DESC) h
WHERE n.cluster_id = h.cluster_id AND n.node_id = h.node_id AND n.last_upgrade_id = h.upgrade_id
  AND n.last_step_id = h.step_id;

-- Clusters: the manager, and whether the active upgrade is being rolled back (a resumed rollback stays one).
ALTER TABLE cluster_status ADD COLUMN manager_id VARCHAR(128);
ALTER TABLE cluster_status ADD COLUMN manager_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cluster_status ADD COLUMN rolling_back BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE cluster_status c SET manager_id = h.manager, manager_epoch = h.epoch
FROM (SELECT DISTINCT ON (cluster_id) cluster_id,
             coalesce(payload ->> 'toManagerId', payload ->> 'managerId') AS manager, (payload ->> 'epoch')::bigint AS epoch
      FROM history_event WHERE event_type IN ('ManagementClaimed', 'ManagementHandedOver')
      ORDER BY cluster_id, sequence DESC) h
WHERE c.cluster_id = h.cluster_id;
UPDATE cluster_status SET rolling_back = TRUE WHERE upgrade_status = 'ROLLING_BACK';

CREATE INDEX node_status_version ON node_status (version, cluster_id);

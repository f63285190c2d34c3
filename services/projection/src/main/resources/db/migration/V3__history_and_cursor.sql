-- One cursor per cluster guards every read model: an event at or below it was applied to all of them, in one
-- transaction, and is skipped when it comes again.
CREATE TABLE projection_cursor (
    cluster_id    VARCHAR(63) PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_position BIGINT      NOT NULL
);

INSERT INTO projection_cursor (cluster_id, last_sequence, last_position)
SELECT cluster_id, last_sequence, last_position FROM cluster_status;

-- Every event of every cluster, as published: the history SREs filter and page through, and what time travel and
-- diagnosis fold.
CREATE TABLE history_event (
    cluster_id     VARCHAR(63)  NOT NULL,
    sequence       BIGINT       NOT NULL,
    position       BIGINT       NOT NULL,
    event_id       VARCHAR(64)  NOT NULL UNIQUE,
    event_type     VARCHAR(64)  NOT NULL,
    occurred_at    TIMESTAMPTZ  NOT NULL,
    actor          VARCHAR(128),
    correlation_id VARCHAR(128),
    causation_id   VARCHAR(128),
    upgrade_id     VARCHAR(64),
    node_id        VARCHAR(128),
    step_id        VARCHAR(64),
    payload        JSONB        NOT NULL,
    PRIMARY KEY (cluster_id, sequence)
);

CREATE INDEX history_event_time ON history_event (cluster_id, occurred_at);
CREATE INDEX history_event_upgrade ON history_event (upgrade_id, sequence);
CREATE INDEX history_event_correlation ON history_event (correlation_id);

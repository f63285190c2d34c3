-- Fleet upgrades, from ledger.fleet-events. fleet_event keeps every event of a fleet as published (a redelivery adds
-- nothing: the key is the fleet's sequence); the other tables say what the events up to fleet_upgrade.last_sequence
-- say: an event is applied only once every event before it in its fleet's sequence is there, so an event that comes
-- early waits in fleet_event for the ones before it.
CREATE TABLE fleet_event (
    fleet_id       VARCHAR(64)  NOT NULL,
    sequence       BIGINT       NOT NULL,
    event_id       VARCHAR(64)  NOT NULL,
    event_type     VARCHAR(64)  NOT NULL,
    event_revision VARCHAR(16),
    occurred_at    TIMESTAMPTZ  NOT NULL,
    actor          VARCHAR(128),
    correlation_id VARCHAR(128),
    payload        JSONB        NOT NULL,
    PRIMARY KEY (fleet_id, sequence)
);

-- One row per fleet upgrade: where it stands (RUNNING, HALTED, ABORTED, COMPLETED), its budget and its last halt.
CREATE TABLE fleet_upgrade (
    fleet_id         VARCHAR(64)  PRIMARY KEY,
    product          VARCHAR(64),
    target_version   VARCHAR(64)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    current_wave     INTEGER      NOT NULL DEFAULT -1,
    wave_count       INTEGER      NOT NULL,
    cluster_count    INTEGER      NOT NULL,
    skipped_count    INTEGER      NOT NULL,
    failure_budget   VARCHAR(16),
    allowed_failures INTEGER      NOT NULL,
    max_concurrent   INTEGER      NOT NULL,
    upgrade_settings JSONB,
    gates            JSONB,
    halt_cause       VARCHAR(32),
    halt_wave        INTEGER,
    halt_detail      TEXT,
    halt_failed      JSONB,
    halted_at        TIMESTAMPTZ,
    resumed_at       TIMESTAMPTZ,
    abort_reason     TEXT,
    succeeded        INTEGER,
    started_by       VARCHAR(128),
    correlation_id   VARCHAR(128),
    started_at       TIMESTAMPTZ  NOT NULL,
    ended_at         TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ  NOT NULL,
    last_sequence    BIGINT       NOT NULL
);
CREATE INDEX fleet_upgrade_product ON fleet_upgrade (product, fleet_id);

CREATE TABLE fleet_wave (
    fleet_id      VARCHAR(64) NOT NULL,
    wave_index    INTEGER     NOT NULL,
    canary        BOOLEAN     NOT NULL,
    cluster_count INTEGER     NOT NULL,
    started_at    TIMESTAMPTZ,
    PRIMARY KEY (fleet_id, wave_index)
);

-- Each cluster the fleet took: PENDING, RUNNING, SUCCEEDED, PAUSED or FAILED, and whether it counts against the budget
-- now (a failed cluster stops counting when the fleet is resumed).
CREATE TABLE fleet_cluster (
    fleet_id           VARCHAR(64) NOT NULL,
    cluster_id         VARCHAR(63) NOT NULL,
    wave_index         INTEGER     NOT NULL,
    wave_position      INTEGER     NOT NULL,
    product            VARCHAR(64),
    from_version       VARCHAR(64),
    path               JSONB       NOT NULL,
    maintenance_window JSONB,
    state              VARCHAR(16) NOT NULL,
    reason             TEXT,
    counted            BOOLEAN     NOT NULL DEFAULT FALSE,
    started_at         TIMESTAMPTZ,
    settled_at         TIMESTAMPTZ,
    PRIMARY KEY (fleet_id, cluster_id)
);
CREATE INDEX fleet_cluster_cluster ON fleet_cluster (cluster_id);

-- The clusters the selector chose but the plan skipped, with the rule that keeps each out.
CREATE TABLE fleet_skipped (
    fleet_id        VARCHAR(64) NOT NULL,
    cluster_id      VARCHAR(63) NOT NULL,
    current_version VARCHAR(64),
    rule            VARCHAR(64),
    detail          TEXT,
    way_out         TEXT,
    allowed_path    JSONB,
    PRIMARY KEY (fleet_id, cluster_id)
);

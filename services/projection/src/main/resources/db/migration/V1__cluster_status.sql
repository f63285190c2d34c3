-- The cluster-status read model. Every row remembers the last event it includes (sequence within the cluster,
-- position in the event store); applying an event at or below that sequence changes nothing.

CREATE TABLE cluster_status (
    cluster_id     VARCHAR(63)  PRIMARY KEY,
    product        VARCHAR(64)  NOT NULL,
    version        VARCHAR(64)  NOT NULL,
    schema_version VARCHAR(64)  NOT NULL,
    node_count     INTEGER      NOT NULL,
    registered_at  TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    last_sequence  BIGINT       NOT NULL,
    last_position  BIGINT       NOT NULL,
    last_event_id  VARCHAR(64)  NOT NULL
);

CREATE INDEX cluster_status_product ON cluster_status (product);

CREATE TABLE node_status (
    cluster_id    VARCHAR(63)  NOT NULL REFERENCES cluster_status (cluster_id) ON DELETE CASCADE,
    node_id       VARCHAR(128) NOT NULL,
    address       VARCHAR(255) NOT NULL,
    node_group    VARCHAR(64),
    version       VARCHAR(64)  NOT NULL,
    state         VARCHAR(32)  NOT NULL,
    last_sequence BIGINT       NOT NULL,
    PRIMARY KEY (cluster_id, node_id)
);

-- How far the executor has read each cluster's history. Only a higher sequence moves a cursor.
CREATE TABLE cluster_cursor (
    cluster_id      VARCHAR(63)  PRIMARY KEY,
    last_sequence   BIGINT       NOT NULL,
    last_position   BIGINT       NOT NULL,
    last_event_id   VARCHAR(64)  NOT NULL,
    last_event_type VARCHAR(128) NOT NULL,
    events_seen     BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

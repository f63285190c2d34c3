-- The live stream's event ids: assigned in the projection's own commit order (a counter row, locked until commit), so
-- a client that reconnects after the last id it saw misses nothing, whatever order partitions were consumed in.
CREATE TABLE stream_counter (
    id    INTEGER PRIMARY KEY,
    value BIGINT  NOT NULL
);

ALTER TABLE history_event ADD COLUMN stream_id BIGINT;
UPDATE history_event h SET stream_id = o.n
FROM (SELECT event_id, row_number() OVER (ORDER BY position, cluster_id, sequence) AS n FROM history_event) o
WHERE h.event_id = o.event_id;
INSERT INTO stream_counter (id, value) SELECT 1, coalesce(max(stream_id), 0) FROM history_event;
ALTER TABLE history_event ALTER COLUMN stream_id SET NOT NULL;
CREATE UNIQUE INDEX history_event_stream_id ON history_event (stream_id);

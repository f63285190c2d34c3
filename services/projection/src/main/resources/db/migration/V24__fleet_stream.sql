-- The fleets' live stream: each fleet event gets a stream id when the read models apply it, in the order they apply
-- them (one transaction at a time takes the next: max + 1 under a transaction-level advisory lock), so a stream that
-- resumes after stream id N misses nothing and gets nothing twice. Events kept early get theirs once applied.
ALTER TABLE fleet_event ADD COLUMN stream_id BIGINT;
CREATE UNIQUE INDEX fleet_event_stream ON fleet_event (stream_id);

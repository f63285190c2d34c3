-- The trace a step belongs to (W3C traceparent of the span that accepted it), so that whichever instance performs the
-- step continues that trace. Null for steps accepted without one.
alter table step_execution add column traceparent varchar(55);

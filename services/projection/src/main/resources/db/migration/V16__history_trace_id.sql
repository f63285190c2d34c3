-- The OpenTelemetry trace each event was stored in (its envelope's traceId, 32 lower-case hex digits), shown with
-- every history entry and in the diagnosis so an SRE can open the trace. Null for events stored without one and for
-- rows recorded before this column existed (a rebuild of the read models fills them from the events).
ALTER TABLE history_event ADD COLUMN trace_id VARCHAR(32);

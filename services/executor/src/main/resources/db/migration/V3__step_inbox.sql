-- step_execution becomes a durable inbox: the Kafka listener stores each started step here (with everything needed
-- to perform and report it) in the transaction that moves the cluster's cursor, claimed by one executor instance for
-- a lease; workers perform it off the listener threads. A step whose lease ran out (its instance died) or that was
-- never handed to a worker is claimed again by the sweeper of any instance.
--   PENDING    accepted, not yet acting       RUNNING   the driver was called (performs counts the calls)
--   COMPLETED  outcome stored, not yet acked  REPORTED  ReportStepOutcome acknowledged by the broker
--   EXPIRED    its deadline passed before it could start (the ledger times it out)
ALTER TABLE step_execution
    ADD COLUMN report_to      VARCHAR(63),
    ADD COLUMN parameters     TEXT,
    ADD COLUMN deadline       TIMESTAMPTZ,
    ADD COLUMN manager_epoch  BIGINT,
    ADD COLUMN correlation_id TEXT,
    ADD COLUMN accepted_at    TIMESTAMPTZ,
    ADD COLUMN claimed_by     VARCHAR(128),
    ADD COLUMN lease_until    TIMESTAMPTZ,
    ADD COLUMN performs       INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN reported_at    TIMESTAMPTZ;

-- Rows of the synchronous executor lack what a worker needs (report_to is null): the sweeper leaves them alone, and a
-- redelivered StepStarted fills them in. STARTED had called the driver, not stored the outcome: performed again with
-- the same key. COMPLETED was reported unless its event comes again (then the listener re-reports it).
UPDATE step_execution
SET accepted_at = started_at,
    performs    = 1,
    status      = CASE status WHEN 'STARTED' THEN 'PENDING' WHEN 'COMPLETED' THEN 'REPORTED' ELSE status END;

ALTER TABLE step_execution
    ALTER COLUMN accepted_at SET NOT NULL,
    ALTER COLUMN started_at DROP NOT NULL;

DROP INDEX step_execution_cluster;
CREATE INDEX step_execution_cluster ON step_execution (cluster_id, accepted_at);
-- What the sweeper looks at: open rows by lease.
CREATE INDEX step_execution_open ON step_execution (lease_until) WHERE status IN ('PENDING', 'RUNNING', 'COMPLETED');
-- Two steps on one node never act at once (a rollback step waits for a still-running forward step).
CREATE INDEX step_execution_running_node ON step_execution (cluster_id, node_id) WHERE status = 'RUNNING';

-- The gates between a fleet's waves, and its rollback. The approval (FleetWaveAwaitingApproval, FleetWaveApproved): the wave a fleet
-- waits to have approved (null when it waits for nothing of the kind), and on each wave who approved its start, why
-- and when. The check (FleetWaveCheckRequested, FleetWaveChecked), on the wave after which it runs: when it was asked
-- (again after a resume), its verdict (PASSED, FAILED, UNREACHABLE), the value answered and what was found.
ALTER TABLE fleet_upgrade ADD COLUMN awaiting_approval_wave INTEGER;
ALTER TABLE fleet_wave ADD COLUMN approval_requested_at TIMESTAMPTZ;
ALTER TABLE fleet_wave ADD COLUMN approved_by VARCHAR(128);
ALTER TABLE fleet_wave ADD COLUMN approval_reason TEXT;
ALTER TABLE fleet_wave ADD COLUMN approved_at TIMESTAMPTZ;
ALTER TABLE fleet_wave ADD COLUMN check_requested_at TIMESTAMPTZ;
ALTER TABLE fleet_wave ADD COLUMN check_verdict VARCHAR(16);
ALTER TABLE fleet_wave ADD COLUMN check_value DOUBLE PRECISION;
ALTER TABLE fleet_wave ADD COLUMN check_detail TEXT;
ALTER TABLE fleet_wave ADD COLUMN checked_at TIMESTAMPTZ;
-- The rollback of a fleet (FleetRollbackStarted, FleetClusterRollback, FleetUpgradeRolledBack): why, and each asked
-- cluster's answer (REQUESTED, or REFUSED with the rule).
ALTER TABLE fleet_upgrade ADD COLUMN rollback_reason TEXT;
ALTER TABLE fleet_cluster ADD COLUMN rollback_outcome VARCHAR(16);
ALTER TABLE fleet_cluster ADD COLUMN rollback_rule VARCHAR(64);
ALTER TABLE fleet_cluster ADD COLUMN rollback_detail TEXT;

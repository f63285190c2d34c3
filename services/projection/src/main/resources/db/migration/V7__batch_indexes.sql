-- Batched ingest (one transaction per Kafka batch) reads the steps a batch can change and each upgrade's current stage
-- through these: the steps of a node in a plan, and the unfinished steps of a plan by stage (the current stage is the
-- first of them, found without reading the plan's finished steps). Indexes only: no row changes.
CREATE INDEX upgrade_step_node ON upgrade_step (cluster_id, upgrade_id, plan_no, node_id);
CREATE INDEX upgrade_step_unfinished ON upgrade_step (cluster_id, upgrade_id, plan_no, stage_index)
    WHERE status NOT IN ('SUCCEEDED', 'SKIPPED', 'CANCELLED') AND NOT node_quarantined;

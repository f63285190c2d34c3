-- Whether an upgrade awaits an approval, kept while it is paused: resuming an upgrade paused while awaiting an approval
-- shows AWAITING_APPROVAL again (UpgradeLifecycle.approvalPendingAfter), in the upgrade's progress and on its cluster.
-- Filled for a database projected before from the steps: an APPROVAL step of the current plan still RUNNING.
ALTER TABLE upgrade_progress ADD COLUMN approval_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cluster_status ADD COLUMN approval_pending BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE upgrade_progress p SET approval_pending = TRUE
WHERE p.status IN ('RUNNING', 'AWAITING_APPROVAL', 'PAUSED')
  AND EXISTS (SELECT 1 FROM upgrade_step s
              WHERE s.cluster_id = p.cluster_id AND s.upgrade_id = p.upgrade_id AND s.plan_no = p.current_plan
                AND s.action = 'APPROVAL' AND s.status = 'RUNNING');
UPDATE cluster_status c SET approval_pending = TRUE
FROM upgrade_progress p
WHERE p.cluster_id = c.cluster_id AND p.upgrade_id = c.upgrade_id AND p.approval_pending;
-- An upgrade resumed while an approval was pending was shown RUNNING: it awaits the approval.
UPDATE upgrade_progress SET status = 'AWAITING_APPROVAL' WHERE status = 'RUNNING' AND approval_pending;
UPDATE cluster_status SET upgrade_status = 'AWAITING_APPROVAL' WHERE upgrade_status = 'RUNNING' AND approval_pending;

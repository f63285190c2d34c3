-- An upgrade waiting for an operator's approval is AWAITING_APPROVAL (17 characters): upgrade and step statuses get
-- room for it and for what may follow.
ALTER TABLE upgrade_progress ALTER COLUMN status TYPE VARCHAR(32);
ALTER TABLE upgrade_step ALTER COLUMN status TYPE VARCHAR(32);

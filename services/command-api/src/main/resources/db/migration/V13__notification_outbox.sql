-- Webhook notifications, one row per (event, webhook): written in the transaction that reads the event, sent
-- afterwards, retried with back-off until the receiver answers 2xx. The id is the CloudEvent's id: the same on every
-- attempt and across restarts, so a receiver de-duplicates by it.
CREATE TABLE notification_outbox (
    id              VARCHAR(300) PRIMARY KEY,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    webhook         VARCHAR(100) NOT NULL,
    body            TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    given_up_at     TIMESTAMPTZ,
    last_error      VARCHAR(500)
);

CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;

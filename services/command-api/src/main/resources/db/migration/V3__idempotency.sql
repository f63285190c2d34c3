-- The first answer to every command sent with an idempotency key (REST Idempotency-Key header, or the command id of a
-- Kafka command), so that a repeat gets the same answer and changes nothing. The fingerprint is the SHA-256 of what
-- was sent; the same key with another fingerprint is refused.
CREATE TABLE idempotent_request (
    request_key  VARCHAR(220) PRIMARY KEY,
    fingerprint  CHAR(64)     NOT NULL,
    status       INTEGER      NOT NULL,
    content_type VARCHAR(100),
    body         TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX idempotent_request_created_at ON idempotent_request (created_at);

-- Tells every listening command-api (see EventStoreNotifications) that events were stored. pg_notify is delivered
-- when the inserting transaction commits, once per transaction and channel (identical payloads are folded), so a
-- publisher in another process wakes within milliseconds instead of at its next poll.
CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ledger_events_appended', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER domainevententry_appended
    AFTER INSERT ON domainevententry
    FOR EACH STATEMENT
    EXECUTE FUNCTION notify_events_appended();

-- The simulated orchestrators of the Inmanta migration: whether a cluster's server is stopped, the environments a
-- restore brought onto it (null: none restored), and which of them compiled successfully and were resumed.
ALTER TABLE sim_cluster ADD COLUMN server_stopped        BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sim_cluster ADD COLUMN environments          TEXT;
ALTER TABLE sim_cluster ADD COLUMN compiled_environments TEXT    NOT NULL DEFAULT '';
ALTER TABLE sim_cluster ADD COLUMN resumed_environments  TEXT    NOT NULL DEFAULT '';

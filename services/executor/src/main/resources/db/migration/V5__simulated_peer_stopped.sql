-- A simulated IPFS peer can be stopped (STOP_NODE) and started (START_NODE): a state upgrade needs it offline.
ALTER TABLE sim_node ADD COLUMN stopped BOOLEAN NOT NULL DEFAULT FALSE;

-- datasets: one row per dataset (an imported history or a simulated run).
-- Grain: dataset. Written by imports and simulations; read by every page and CLI command.
-- Row counts are refreshed after each write so listings need no scan of events.
CREATE TABLE IF NOT EXISTS datasets (
    dataset_id    INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- 'history' | 'simulation'
    source        VARCHAR,                   -- file(s) or scenario it came from
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    policy        VARCHAR,                   -- policy file in force when last written
    params        JSON,                      -- format options, simulation parameters
    seed          BIGINT,
    replication   INTEGER,
    scenario      VARCHAR,
    ticket_count  BIGINT NOT NULL DEFAULT 0,
    event_count   BIGINT NOT NULL DEFAULT 0,
    reject_count  BIGINT NOT NULL DEFAULT 0,
    first_event_at TIMESTAMPTZ,
    last_event_at  TIMESTAMPTZ
);

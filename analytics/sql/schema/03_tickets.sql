-- tickets: one row per ticket, attributes taken from its `created` event.
-- Grain: (dataset_id, ticket_id), unique (enforced by the writer, which replaces a ticket whole).
-- A simulated run keeps all its replications in one dataset; `replication` tells them apart.
CREATE TABLE IF NOT EXISTS tickets (
    dataset_id  INTEGER NOT NULL,
    ticket_id   VARCHAR NOT NULL,
    channel     VARCHAR NOT NULL,            -- 'ticket' | 'chat'
    category    VARCHAR,
    complexity  VARCHAR,                     -- 'simple' | 'standard' | 'complex' | 'custom' | NULL
    priority    VARCHAR,
    site        VARCHAR,
    customer    VARCHAR,
    created_at  TIMESTAMPTZ NOT NULL,
    replication INTEGER                      -- simulated runs: which replication (1..N); NULL for history
);
-- Databases made before the column existed get it here (no-op otherwise).
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS replication INTEGER;

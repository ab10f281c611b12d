-- events: the full conversation history of every ticket (DESIGN §4 canonical event kinds).
-- Grain: (dataset_id, ticket_id, seq). `seq` is the event's 1-based position in its ticket, ordered by
-- time and then by source order, so equal timestamps keep their order. `ts` is the event instant
-- (the canonical file's `at`; AT is a reserved word in DuckDB's SQL).
CREATE TABLE IF NOT EXISTS events (
    dataset_id  INTEGER NOT NULL,
    ticket_id   VARCHAR NOT NULL,
    seq         INTEGER NOT NULL,
    ts          TIMESTAMPTZ NOT NULL,
    kind        VARCHAR NOT NULL,
    team        VARCHAR,
    agent       VARCHAR,
    to_team     VARCHAR,
    reason      VARCHAR,
    due_at      TIMESTAMPTZ,
    detail      VARCHAR
);

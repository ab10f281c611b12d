-- events_insert: write the events of the tickets just written; the result is the number of rows.
-- Grain: event. Inputs: {events}: the registered new_events, or the accepted_events query of the
-- import checked in this connection (the columns of accepted_events); parameter ? = dataset_id.
INSERT INTO events (dataset_id, ticket_id, seq, ts, kind, team, agent, to_team, reason, due_at, detail)
SELECT ?, ticket_id, seq, ts, kind, team, agent, to_team, reason, due_at, detail
FROM {events}

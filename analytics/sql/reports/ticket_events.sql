-- ticket_events: one ticket's full conversation history, in order, up to the as-of instant.
-- Grain: event. Inputs: events, datasets (the store); $dataset (name), $ticket, $as_of.
SELECT e.seq, e.ts, e.kind, e.team, e.agent, e.to_team, e.reason, e.due_at, e.detail
FROM events e
JOIN datasets d USING (dataset_id)
WHERE d.name = $dataset AND e.ticket_id = $ticket AND e.ts <= $as_of
ORDER BY e.seq

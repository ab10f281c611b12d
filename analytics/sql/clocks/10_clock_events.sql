-- clock_events: the events of one dataset known at the as-of instant, with their ticket's attributes.
-- Grain: event. Inputs: events, outside_window (tickets left out: an instant outside the plausible
-- window); parameters $ds (dataset id), $as_of (TIMESTAMPTZ).
-- Everything after $as_of is ignored, so clocks read as they stood at that instant.
CREATE OR REPLACE TEMP TABLE clock_events AS
SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team, e.to_team, e.due_at
FROM events e
WHERE e.dataset_id = $ds AND e.ts <= $as_of
  AND e.ticket_id NOT IN (SELECT ticket_id FROM outside_window);

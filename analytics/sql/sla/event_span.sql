-- event_span: the first and last event instant of a dataset (NULL, NULL when it has no events),
-- without the tickets left out for an instant outside the plausible window.
-- Grain: one row. Inputs: events, outside_window; parameter ? = dataset_id.
SELECT min(ts), max(ts)
FROM events
WHERE dataset_id = ? AND ticket_id NOT IN (SELECT ticket_id FROM outside_window)

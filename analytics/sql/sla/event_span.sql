-- event_span: the first and last event instant of a dataset (NULL, NULL when it has no events).
-- Grain: one row. Inputs: events; parameter ? = dataset_id.
SELECT min(ts), max(ts)
FROM events
WHERE dataset_id = ?

-- outside_window: the tickets of a dataset with an instant outside the plausible window, which the
-- clock engine leaves out (imports refuse such rows; a database written by an older version may
-- still hold them: `infinity`, year 9999, year 1, `epoch`...).
-- Grain: ticket. Inputs: events, tickets; parameters $ds, $earliest, $latest (analytics/instants.py).
-- `shown_id` is the id with control and invisible characters as '?', `instant` the first bad
-- instant as text (DuckDB's own rendering, which also covers infinity and years before 1).
CREATE OR REPLACE TEMP TABLE outside_window AS
WITH bad AS (
    SELECT e.ticket_id, e.ts AS bad_at FROM events e
    WHERE e.dataset_id = $ds AND (isinf(e.ts) OR e.ts < $earliest OR e.ts > $latest)
    UNION ALL
    SELECT e.ticket_id, e.due_at FROM events e
    WHERE e.dataset_id = $ds AND (isinf(e.due_at) OR e.due_at < $earliest OR e.due_at > $latest)
    UNION ALL
    SELECT t.ticket_id, t.created_at FROM tickets t
    WHERE t.dataset_id = $ds AND (isinf(t.created_at) OR t.created_at < $earliest OR t.created_at > $latest)
)
SELECT ticket_id,
       regexp_replace(ticket_id, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?', 'g') AS shown_id,
       min(bad_at)::VARCHAR                                             AS instant
FROM bad
GROUP BY ticket_id;

-- ticket_pauses: when one ticket waited on the customer: from `paused` to the next `resumed`,
-- `resolved`, `closed` or `reopened` (the SLA engine's rule, 30_pause_intervals); an open pause
-- runs to $as_of. Grain: pause. Inputs: events, datasets (the store); $dataset, $ticket, $as_of.
WITH stream AS (
    SELECT e.seq, e.ts, e.kind, lag(e.kind) OVER (ORDER BY e.seq) AS prev_kind
    FROM events e JOIN datasets d USING (dataset_id)
    WHERE d.name = $dataset AND e.ticket_id = $ticket AND e.ts <= $as_of
      AND e.kind IN ('paused', 'resumed', 'resolved', 'closed', 'reopened')
), edges AS (
    SELECT * FROM stream
    WHERE (kind = 'paused' AND prev_kind IS DISTINCT FROM 'paused') OR (kind <> 'paused' AND prev_kind = 'paused')
), paired AS (
    SELECT kind, ts AS pause_start, lead(ts) OVER (ORDER BY seq) AS pause_end FROM edges
)
SELECT pause_start, coalesce(pause_end, $as_of::TIMESTAMPTZ) AS pause_end, pause_end IS NULL AS still_paused
FROM paired
WHERE kind = 'paused'

-- pause_intervals: when each ticket waited on the customer: from `paused` to the next `resumed`,
-- `resolved`, `closed` or `reopened` (a pause while already paused changes nothing; a pause still
-- open at the as-of instant has pause_end NULL).
-- Grain: (ticket, pause). Inputs: clock_events, ticket_facts.
CREATE OR REPLACE TEMP TABLE pause_intervals AS
WITH stream AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind,
           lag(e.kind) OVER (PARTITION BY e.ticket_id ORDER BY e.seq) AS prev_kind
    FROM clock_events e
    SEMI JOIN ticket_facts f ON f.ticket_id = e.ticket_id AND f.has_pause
    WHERE e.kind IN ('paused', 'resumed', 'resolved', 'closed', 'reopened')
), transitions AS (
    -- keep only the edges: a pause that starts one, and the first event that ends it
    SELECT * FROM stream
    WHERE (kind = 'paused' AND prev_kind IS DISTINCT FROM 'paused')
       OR (kind <> 'paused' AND prev_kind = 'paused')
), paired AS (
    SELECT ticket_id, kind, ts AS pause_start,
           lead(ts) OVER (PARTITION BY ticket_id ORDER BY seq) AS pause_end
    FROM transitions
)
SELECT ticket_id, pause_start, pause_end
FROM paired
WHERE kind = 'paused';

-- spans_resolution (objective): one clock per cycle: created -> first resolved/closed, and each
-- reopened (after a resolution) -> the next resolved/closed. team = the team on the resolving event,
-- else the team that owned the ticket at that moment; while still open, the current owner.
-- due_at = the first estimate given in the cycle (custom requests).
-- Grain: (ticket, cycle). Inputs: clock_events, ticket_facts.
CREATE OR REPLACE TEMP TABLE spans_resolution AS
WITH owned AS (
    -- the owner after each event: latest created/assigned team or escalation to_team
    SELECT ticket_id, seq, ts, kind, team,
           last_value(CASE WHEN kind = 'escalated' THEN to_team
                           WHEN kind IN ('created', 'assigned') THEN team END IGNORE NULLS) OVER (
               PARTITION BY ticket_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS owner_now
    FROM clock_events
    WHERE kind IN ('created', 'reopened', 'resolved', 'closed', 'assigned', 'escalated')
), stream AS (
    SELECT *, lag(kind) OVER (PARTITION BY ticket_id ORDER BY seq) AS prev_kind
    FROM owned
    WHERE kind IN ('created', 'reopened', 'resolved', 'closed')
), edges AS (
    -- keep only effective cycle starts and the stop that ends each
    SELECT *,
           (kind = 'created' OR (kind = 'reopened' AND prev_kind IN ('resolved', 'closed'))) AS is_start
    FROM stream
    WHERE kind = 'created'
       OR (kind = 'reopened' AND prev_kind IN ('resolved', 'closed'))
       OR (kind IN ('resolved', 'closed') AND prev_kind IN ('created', 'reopened'))
), paired AS (
    SELECT *,
           lead(ts)  OVER w AS stop_ts,
           lead(seq) OVER w AS stop_seq,
           lead(coalesce(team, owner_now)) OVER w AS stop_team
    FROM edges
    WINDOW w AS (PARTITION BY ticket_id ORDER BY seq)
), cycles AS (
    SELECT ticket_id, seq, ts, stop_ts, stop_seq, stop_team,
           row_number() OVER (PARTITION BY ticket_id ORDER BY seq)::INTEGER AS cycle
    FROM paired
    WHERE is_start
), estimates AS (
    SELECT ticket_id, seq, due_at FROM clock_events WHERE kind = 'estimate'
)
SELECT c.ticket_id, 'resolution' AS metric, c.cycle,
       CASE WHEN c.stop_ts IS NULL THEN f.owner ELSE c.stop_team END AS team,
       c.ts AS started_at, c.stop_ts AS stopped_at,
       CASE WHEN c.stop_seq IS NULL OR e.seq < c.stop_seq THEN e.due_at END AS due_at
FROM cycles c
JOIN ticket_facts f USING (ticket_id)
ASOF LEFT JOIN estimates e ON e.ticket_id = c.ticket_id AND e.seq > c.seq;

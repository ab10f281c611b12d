-- spans_status_update: one clock per gap between public updates while the ticket is open: each
-- agent_reply made while open (after created/reopened, before resolved/closed) starts a clock that
-- stops at the next agent_reply, resolved or closed. team = the team of the reply that opened the gap.
-- Grain: (ticket, gap). Inputs: clock_events.
CREATE OR REPLACE TEMP TABLE spans_status_update AS
WITH stream AS (
    SELECT ticket_id, seq, ts, kind, team,
           last_value(CASE WHEN kind <> 'agent_reply' THEN kind END IGNORE NULLS) OVER (
               PARTITION BY ticket_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS state
    FROM clock_events
    WHERE kind IN ('created', 'reopened', 'resolved', 'closed', 'agent_reply')
), stops AS (
    -- the next reply, resolution or closing after each event (a reopen does not stop the clock)
    SELECT *, lead(ts) OVER (PARTITION BY ticket_id ORDER BY seq) AS next_ts
    FROM stream
    WHERE kind IN ('agent_reply', 'resolved', 'closed')
)
SELECT ticket_id, 'status_update' AS metric,
       row_number() OVER (PARTITION BY ticket_id ORDER BY seq)::INTEGER AS cycle,
       team, ts AS started_at, next_ts AS stopped_at, NULL::TIMESTAMPTZ AS due_at
FROM stops
WHERE kind = 'agent_reply' AND state IN ('created', 'reopened');

-- fact_handoffs: every hand-off between teams (escalated, approval_requested) known at as-of, with
-- its pickup clock, and whether it sends the ticket back to a team that already held it (a bounce).
-- Grain: hand-off (ticket, seq). Inputs: events, tickets, ticket_facts, fact_clocks, policy_settings;
-- parameters $ds, $as_of. `cycle` numbers hand-offs per ticket as handoff_pickup clocks do.
CREATE OR REPLACE TEMP TABLE fact_handoffs AS
WITH h AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team AS from_team, e.to_team, e.reason,
           row_number() OVER (PARTITION BY e.ticket_id ORDER BY e.seq)::INTEGER AS cycle,
           -- teams that held the ticket before this hand-off (approvals do not move it)
           list(CASE WHEN e.kind = 'escalated' THEN e.team END) OVER (
               PARTITION BY e.ticket_id ORDER BY e.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier
    FROM events e
    WHERE e.dataset_id = $ds AND e.ts <= $as_of AND e.kind IN ('escalated', 'approval_requested')
)
SELECT h.ticket_id, h.seq, h.cycle, h.ts, h.kind, h.from_team, h.to_team, h.reason,
       f.channel, f.category, f.complexity,
       CAST(timezone(s.report_tz, h.ts) AS DATE)                                     AS day,
       CAST(date_trunc('week', timezone(s.report_tz, h.ts)) AS DATE)                 AS week,
       (h.kind = 'escalated'
        AND (h.to_team = f.intake_team OR list_contains(coalesce(h.earlier, []), h.to_team)))  AS bounce,
       c.status       AS pickup_status,
       c.stopped_at   AS picked_up_at,
       c.elapsed_seconds AS pickup_seconds,        -- in the receiving team's hours
       c.wall_seconds    AS pickup_wall_seconds,   -- including the time the team was closed
       c.target_seconds  AS pickup_target_seconds
FROM h
JOIN ticket_facts f USING (ticket_id)
CROSS JOIN policy_settings s
LEFT JOIN fact_clocks c ON c.ticket_id = h.ticket_id AND c.metric = 'handoff_pickup' AND c.cycle = h.cycle;

-- spans_escalation_notice: each escalation -> the next agent_reply (the message telling the customer
-- why and what happens next), or resolved / closed if those come first. team = escalating team.
-- Grain: (ticket, escalation). Inputs: clock_events, ticket_facts.
CREATE OR REPLACE TEMP TABLE spans_escalation_notice AS
WITH stream AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team,
           min(CASE WHEN e.kind <> 'escalated' THEN e.ts END) OVER (
               PARTITION BY e.ticket_id ORDER BY e.seq ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_ts
    FROM clock_events e
    SEMI JOIN ticket_facts f ON f.ticket_id = e.ticket_id AND f.has_handoff
    WHERE e.kind IN ('escalated', 'agent_reply', 'resolved', 'closed')
)
SELECT ticket_id, 'escalation_notice' AS metric,
       row_number() OVER (PARTITION BY ticket_id ORDER BY seq)::INTEGER AS cycle,
       team, ts AS started_at, next_ts AS stopped_at, NULL::TIMESTAMPTZ AS due_at
FROM stream
WHERE kind = 'escalated';

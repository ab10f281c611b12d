-- spans_handoff_pickup (internal): each hand-off (escalated or approval_requested, to to_team) ->
-- the first later action of the receiving team (agent_reply, internal_note, assigned, escalated,
-- estimate, approval_granted/denied, resolved, closed with team = to_team), or the ticket's
-- resolution / closing by anyone. team = receiving team; measured in its hours by default.
-- Grain: (ticket, hand-off). Inputs: clock_events, ticket_facts.
CREATE OR REPLACE TEMP TABLE spans_handoff_pickup AS
WITH handoffs AS (
    SELECT e.ticket_id, e.seq, e.ts, e.to_team,
           row_number() OVER (PARTITION BY e.ticket_id ORDER BY e.seq)::INTEGER AS cycle
    FROM clock_events e
    SEMI JOIN ticket_facts f ON f.ticket_id = e.ticket_id AND f.has_handoff
    WHERE e.kind IN ('escalated', 'approval_requested')
), actions AS (
    SELECT e.ticket_id, e.seq, e.ts, e.team
    FROM clock_events e
    SEMI JOIN ticket_facts f ON f.ticket_id = e.ticket_id AND f.has_handoff
    WHERE e.kind IN ('agent_reply', 'internal_note', 'assigned', 'escalated', 'estimate',
                     'approval_granted', 'approval_denied', 'resolved', 'closed')
      AND e.team IS NOT NULL
), endings AS (
    SELECT e.ticket_id, e.seq, e.ts
    FROM clock_events e
    SEMI JOIN ticket_facts f ON f.ticket_id = e.ticket_id AND f.has_handoff
    WHERE e.kind IN ('resolved', 'closed')
)
SELECT h.ticket_id, 'handoff_pickup' AS metric, h.cycle, h.to_team AS team,
       h.ts AS started_at, least(a.ts, x.ts) AS stopped_at, NULL::TIMESTAMPTZ AS due_at
FROM handoffs h
ASOF LEFT JOIN actions a ON a.ticket_id = h.ticket_id AND a.team = h.to_team AND a.seq > h.seq
ASOF LEFT JOIN endings x ON x.ticket_id = h.ticket_id AND x.seq > h.seq;

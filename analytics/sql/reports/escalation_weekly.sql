-- escalation_weekly: per week of ticket creation, tickets created and the share escalated, per
-- escalation reason (a ticket escalated for two reasons counts under both).
-- Grain: (week, reason). Inputs: ticket_facts, handoffs; {where} = filter predicate (tickets scope).
WITH t AS (
    SELECT ticket_id, week FROM ticket_facts WHERE {where}
), per_week AS (
    SELECT week, count(*) AS tickets FROM t GROUP BY week
), esc AS (
    SELECT t.week, coalesce(h.reason, '(no reason)') AS reason, count(DISTINCT h.ticket_id) AS escalated
    FROM handoffs h JOIN t USING (ticket_id)
    WHERE h.kind = 'escalated'
    GROUP BY ALL
)
SELECT e.week, e.reason, e.escalated, w.tickets, round(100.0 * e.escalated / w.tickets, 2) AS rate_pct
FROM esc e JOIN per_week w USING (week)
ORDER BY e.week, e.reason

-- escalation_by_team: hand-offs per receiving team and reason, as a share of the filtered tickets.
-- Grain: (to_team, kind, reason). Inputs: ticket_facts, handoffs; {where} (tickets scope).
WITH t AS (SELECT ticket_id FROM ticket_facts WHERE {where})
SELECT h.to_team, h.kind, coalesce(h.reason, '(no reason)') AS reason, count(*) AS handoffs,
       count(DISTINCT h.ticket_id) AS tickets,
       round(100.0 * count(DISTINCT h.ticket_id) / (SELECT count(*) FROM t), 2) AS ticket_share_pct
FROM handoffs h JOIN t USING (ticket_id)
GROUP BY ALL
ORDER BY handoffs DESC, to_team, reason

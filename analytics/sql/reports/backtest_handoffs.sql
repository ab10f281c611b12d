-- backtest_handoffs: hand-offs per replication, sending and receiving team, kind and reason, with the
-- replication's ticket count (for shares).
-- Grain: (replication, from_team, to_team, kind, reason); a history is replication 0.
-- Inputs: ticket_facts, handoffs; {where} (tickets scope) with bound $f_* values.
WITH t AS (
    SELECT ticket_id, coalesce(replication, 0) AS replication FROM ticket_facts WHERE {where}
), n AS (
    SELECT replication, count(*) AS tickets FROM t GROUP BY 1
)
SELECT t.replication, coalesce(h.from_team, '(none)') AS from_team, h.to_team, h.kind,
       coalesce(h.reason, '(no reason)') AS reason, count(*) AS handoffs, any_value(n.tickets) AS tickets
FROM handoffs h
JOIN t USING (ticket_id)
JOIN n ON n.replication = t.replication
GROUP BY ALL
ORDER BY 1, handoffs DESC

-- pending_list: clocks still running within target at as-of, the longest-running first; at most $limit.
-- Grain: pending clock. Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
SELECT ticket_id, metric, cycle, team, channel, complexity, started_at, target_seconds, elapsed_seconds
FROM clock_facts
WHERE status = 'pending' AND {where}
ORDER BY started_at, ticket_id, metric, cycle
LIMIT $limit

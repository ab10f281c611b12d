-- breach_list: breached clocks, latest breach first, with what the breach table shows; at most
-- $limit rows (the full list is a download of the same query with a larger limit).
-- Grain: breached clock. Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
SELECT ticket_id, metric, cycle, team, started_at, stopped_at, target_seconds, elapsed_seconds, status,
       breached_at, note, channel, complexity, calendar, due_at, category
FROM clock_facts
WHERE status = 'breached' AND {where}
ORDER BY breached_at DESC, ticket_id, metric, cycle
LIMIT $limit

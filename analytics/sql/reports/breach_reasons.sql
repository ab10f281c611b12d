-- breach_reasons: the most frequent kinds of breach: metric, team and why (stopped late, still
-- running, no estimate), with the latest one. Grain: (metric, team, note); top $limit by count.
-- Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
SELECT metric, team, note, count(*) AS breaches, max(breached_at) AS latest
FROM clock_facts
WHERE status = 'breached' AND {where}
GROUP BY ALL
ORDER BY breaches DESC, metric, team, note
LIMIT $limit

-- resolution_weekly: median and p90 measured resolution time per week (of the cycle's start) and
-- complexity. Grain: (week, complexity). Inputs: clock_facts; {where} = filter predicate.
SELECT week, coalesce(complexity, '(none)') AS complexity, count(*) AS cycles,
       quantile_cont(elapsed_seconds, 0.5) AS p50_seconds,
       quantile_cont(elapsed_seconds, 0.9) AS p90_seconds
FROM clock_facts
WHERE metric = 'resolution' AND stopped_at IS NOT NULL AND {where}
GROUP BY ALL
ORDER BY week, complexity

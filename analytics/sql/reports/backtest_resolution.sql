-- backtest_resolution: p50 and p90 of the measured resolution time (as the SLA counts it) per
-- replication and team of the resolution clock, and per replication over all teams.
-- Grain: (replication, team); team 'all' is a replication's total; a history is replication 0.
-- Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
WITH r AS (
    SELECT coalesce(replication, 0) AS replication, coalesce(team, '(none)') AS team, elapsed_seconds
    FROM clock_facts
    WHERE metric = 'resolution' AND stopped_at IS NOT NULL AND {where}
)
SELECT replication,
       CASE WHEN GROUPING(team) = 1 THEN 'all' ELSE team END AS team,
       count(*) AS cycles,
       quantile_cont(elapsed_seconds, 0.50) AS p50_seconds,
       quantile_cont(elapsed_seconds, 0.90) AS p90_seconds
FROM r
GROUP BY GROUPING SETS ((replication, team), (replication))
ORDER BY 1, 2

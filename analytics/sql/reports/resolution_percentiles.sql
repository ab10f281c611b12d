-- resolution_percentiles: resolution cycles that stopped, per complexity and overall: count,
-- p50/p75/p90/p95 of the measured time (customer waits left out, as the SLA counts it) and of the
-- wall-clock time, and the share within the objective.
-- Grain: complexity (NULL complexity = '(none)'; the grand total row has complexity 'all').
-- Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
WITH r AS (
    SELECT coalesce(complexity, '(none)') AS complexity, elapsed_seconds, wall_seconds, status
    FROM clock_facts
    WHERE metric = 'resolution' AND stopped_at IS NOT NULL AND {where}
)
SELECT CASE WHEN GROUPING(complexity) = 1 THEN 'all' ELSE complexity END AS complexity,
       count(*) AS cycles,
       quantile_cont(elapsed_seconds, 0.50) AS p50_seconds,
       quantile_cont(elapsed_seconds, 0.75) AS p75_seconds,
       quantile_cont(elapsed_seconds, 0.90) AS p90_seconds,
       quantile_cont(elapsed_seconds, 0.95) AS p95_seconds,
       quantile_cont(wall_seconds, 0.50)    AS wall_p50_seconds,
       quantile_cont(wall_seconds, 0.90)    AS wall_p90_seconds,
       round(100.0 * count(*) FILTER (WHERE status = 'met') / count(*), 2) AS within_objective_pct
FROM r
GROUP BY GROUPING SETS ((complexity), ())

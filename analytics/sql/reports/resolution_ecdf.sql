-- resolution_ecdf: the distribution of measured resolution time per complexity as 101 quantiles
-- (0 %, 1 %, ... 100 %), so a chart draws the ECDF of any number of tickets from a few hundred points.
-- Grain: (complexity, share). Inputs: clock_facts; {where} = filter predicate with bound $f_* values;
-- $shares = the list of shares.
WITH q AS (
    SELECT coalesce(complexity, '(none)') AS complexity, count(*) AS cycles,
           quantile_cont(elapsed_seconds, $shares::DOUBLE[]) AS qs
    FROM clock_facts
    WHERE metric = 'resolution' AND stopped_at IS NOT NULL AND {where}
    GROUP BY ALL
)
SELECT complexity, cycles, unnest($shares::DOUBLE[]) AS share, unnest(qs) AS seconds
FROM q
ORDER BY complexity, share

-- breach_heatmap: breaches by the hour of week in which the target ran out (reporting timezone),
-- to show when staffing is short. Grain: (weekday 1-7 = Mon-Sun, hour 0-23) with at least one breach.
-- Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
SELECT breach_hour_of_week // 24 + 1 AS weekday, breach_hour_of_week % 24 AS hour,
       count(*) AS breaches,
       string_agg(DISTINCT metric, ', ' ORDER BY metric) AS metrics
FROM clock_facts
WHERE status = 'breached' AND breach_hour_of_week IS NOT NULL AND {where}
GROUP BY ALL
ORDER BY weekday, hour

-- compliance: met / breached / pending counts and compliance % = met / (met + breached) per group.
-- Grain: one row per combination of the chosen dimensions. Inputs: clock_facts.
-- {dims} is replaced by a comma-separated list of dimension column names taken from a fixed
-- whitelist in analytics/reports.py (never user text); {where} by a predicate of fixed fragments
-- from analytics/filters.py whose values are bound parameters ($f_*).
SELECT
    {dims},
    count(*) FILTER (WHERE status = 'met')      AS met,
    count(*) FILTER (WHERE status = 'breached') AS breached,
    count(*) FILTER (WHERE status = 'pending')  AS pending,
    round(100.0 * count(*) FILTER (WHERE status = 'met')
          / nullif(count(*) FILTER (WHERE status IN ('met', 'breached')), 0), 2) AS compliance_pct
FROM clock_facts
WHERE {where}
GROUP BY {dims}
ORDER BY {dims}

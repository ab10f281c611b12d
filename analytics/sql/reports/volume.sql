-- volume: tickets created in the filtered period, tickets per day over the period's days, and the
-- measured resolution time (median, p90) of resolution cycles that stopped.
-- Grain: one row. Inputs: ticket_facts, clock_facts; {where} (tickets scope) and {cwhere} (clocks
-- scope) are filter predicates with bound $f_* values; $first_day / $last_day bound the period.
WITH t AS (
    SELECT count(*) AS tickets FROM ticket_facts WHERE {where}
), r AS (
    SELECT quantile_cont(elapsed_seconds, 0.5) AS median_resolution_seconds,
           quantile_cont(elapsed_seconds, 0.9) AS p90_resolution_seconds,
           count(*) AS resolved_cycles
    FROM clock_facts
    WHERE metric = 'resolution' AND stopped_at IS NOT NULL AND {cwhere}
)
SELECT t.tickets,
       t.tickets / greatest(1, date_diff('day', $first_day::DATE, $last_day::DATE) + 1) AS tickets_per_day,
       greatest(1, date_diff('day', $first_day::DATE, $last_day::DATE) + 1) AS days,
       r.median_resolution_seconds, r.p90_resolution_seconds, r.resolved_cycles
FROM t, r

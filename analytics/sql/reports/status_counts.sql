-- status_counts: how many clocks are breached and pending under the filters (table captions).
-- Grain: one row. Inputs: clock_facts; {where} = filter predicate with bound $f_* values.
SELECT count(*) FILTER (WHERE status = 'breached') AS breached,
       count(*) FILTER (WHERE status = 'pending')  AS pending
FROM clock_facts
WHERE {where}

-- native_rows: the source's own SLA verdict per ticket and SLA field, from the latest row of the
-- ticket that has a value. Grain: (ticket_id, name). Inputs: native_source (line, order_num,
-- case_id, source, name, metric, value, resolved: whether the ticket is resolved in the export).
-- Verdicts: true / yes / met -> met; false / no / breached -> breached; a remaining time such as
-- '-1h 20m' (Jira: negative = over target) -> breached; a positive remaining time -> met once the
-- ticket is resolved, else NULL (still running).
CREATE OR REPLACE TEMP TABLE native_rows AS
WITH latest AS (
    SELECT case_id AS ticket_id, source, name, metric,
           arg_max(trim(value), (order_num, line)) AS value,
           bool_or(resolved) AS resolved
    FROM native_source
    WHERE nullif(trim(value), '') IS NOT NULL AND trim(value) <> '?'
    GROUP BY ALL
)
SELECT ticket_id, source, name, metric,
       CASE
           WHEN lower(value) IN ('true', 'yes', 'met', '1') THEN true
           WHEN lower(value) IN ('false', 'no', 'breached', '0') THEN false
           WHEN regexp_matches(value, '^-\s*\d') THEN false
           WHEN regexp_matches(value, '^\d') AND resolved THEN true
       END AS met,
       value
FROM latest;

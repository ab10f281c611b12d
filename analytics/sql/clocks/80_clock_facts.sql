-- clock_facts: clocks with every dimension reports group by: ticket attributes and the day, ISO week
-- (its Monday) and month of the clock's start in the reporting timezone. A view, so only the
-- dimensions a report uses are computed.
-- Grain: (ticket, metric, cycle). Inputs: clocks, tickets; parameters $ds, $report_tz (via policy_settings).
CREATE OR REPLACE TEMP VIEW clock_facts AS
SELECT
    c.*,
    t.category, t.priority, t.site, t.customer, t.replication,
    CAST(timezone(s.report_tz, c.started_at) AS DATE)                          AS day,
    CAST(date_trunc('week', timezone(s.report_tz, c.started_at)) AS DATE)      AS week,
    strftime(timezone(s.report_tz, c.started_at), '%Y-%m')                     AS month
FROM clocks c
JOIN tickets t ON t.dataset_id = (SELECT ds FROM policy_settings) AND t.ticket_id = c.ticket_id
CROSS JOIN policy_settings s;

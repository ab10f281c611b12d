-- Synthetic ServiceNow audit-style incident export for the import benchmark: $n rows, 8 updates per
-- incident (New, Active, Active with a group change, Awaiting User Info, Active, Resolved, Resolved,
-- Closed), day-first display dates without offset and '?' for missing values, as instances export.
-- Grain: one update. Inputs: $n (rows). Written with COPY to CSV by benchmarks/import_bench.py.
WITH r AS (SELECT range AS i, range // 8 AS t, range % 8 AS k FROM range($n)),
     s AS (SELECT *, TIMESTAMP '2016-02-01 08:00:00' + to_seconds((t % 400000) * 60) AS opened,
                  TIMESTAMP '2016-02-01 08:00:00' + to_seconds((t % 400000) * 60 + k * 420) AS updated FROM r)
SELECT
    'INC' || lpad(t::VARCHAR, 8, '0') AS number,
    ['New', 'Active', 'Active', 'Awaiting User Info', 'Active', 'Resolved', 'Resolved', 'Closed'][k + 1] AS incident_state,
    (k < 7)::VARCHAR AS active,
    (k >= 2)::INTEGER AS reassignment_count,
    0 AS reopen_count,
    k AS sys_mod_count,
    (t % 7 <> 0)::VARCHAR AS made_sla,
    'Caller ' || (t % 5000)::VARCHAR AS caller_id,
    strftime(opened, '%-d/%-m/%Y %H:%M') AS opened_at,
    strftime(updated, '%-d/%-m/%Y %H:%M') AS sys_updated_at,
    CASE WHEN t % 9 = 0 THEN 'Chat' ELSE 'Phone' END AS contact_type,
    'Category ' || (t % 60)::VARCHAR AS category,
    '3 - Moderate' AS priority,
    CASE WHEN k >= 2 THEN 'Network' ELSE 'Service Desk' END AS assignment_group,
    CASE WHEN k = 0 THEN '?' ELSE 'Resolver ' || (t % 200)::VARCHAR END AS assigned_to,
    CASE WHEN k >= 5 THEN strftime(opened + to_seconds(5 * 420), '%-d/%-m/%Y %H:%M') ELSE '?' END AS resolved_at
FROM s
ORDER BY i

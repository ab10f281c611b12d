-- Synthetic canonical events file for the import benchmark: $n rows, 8 events per ticket
-- (created, acknowledged, agent_reply, escalated, agent_reply, paused, resumed, resolved).
-- Grain: event. Inputs: $n (rows). Written with COPY to CSV by benchmarks/import_bench.py.
WITH r AS (SELECT range AS i, range // 8 AS t, range % 8 AS k FROM range($n))
SELECT
    'T' || lpad(t::VARCHAR, 8, '0') AS ticket_id,
    strftime(TIMESTAMPTZ '2026-01-05 08:00:00+00' + to_seconds((t % 500000) * 60 + k * 300), '%Y-%m-%dT%H:%M:%S+00:00') AS "at",
    ['created', 'acknowledged', 'agent_reply', 'escalated', 'agent_reply', 'paused', 'resumed', 'resolved'][k + 1] AS kind,
    CASE WHEN k >= 4 THEN 'SYSADMIN' WHEN k = 1 THEN NULL ELSE 'L1' END AS team,
    CASE WHEN k IN (2, 3) THEN 'anna' WHEN k >= 4 THEN 'sam' END AS agent,
    CASE WHEN k = 3 THEN 'SYSADMIN' END AS to_team,
    CASE WHEN k = 3 THEN 'server' END AS reason,
    NULL AS due_at,
    CASE WHEN k = 0 THEN (CASE WHEN t % 5 = 0 THEN 'chat' ELSE 'ticket' END) END AS channel,
    CASE WHEN k = 0 THEN 'vps' END AS category,
    CASE WHEN k = 0 THEN 'standard' END AS complexity,
    CASE WHEN k = 0 THEN 'normal' END AS priority,
    NULL AS site,
    CASE WHEN k = 0 THEN 'C-' || (t % 9973)::VARCHAR END AS customer
FROM r
ORDER BY i

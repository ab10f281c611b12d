-- synthetic_tickets: the tickets of synthetic_events (same $n, same hashes): 20% chat, complexity mix
-- 40% simple / 35% standard / 20% complex / 5% custom (custom ones get no estimate: a finding).
-- Grain: ticket. Parameters: $n.
SELECT 'T' || lpad(i::VARCHAR, 8, '0') AS ticket_id,
       CASE WHEN (hash(i, 10) % 100)::BIGINT < 20 THEN 'chat' ELSE 'ticket' END AS channel,
       (['billing', 'vps', 'dns', 'email', 'hardware'])[((hash(i, 11) % 5)::BIGINT) + 1] AS category,
       CASE WHEN (hash(i, 12) % 100)::BIGINT < 40 THEN 'simple' WHEN (hash(i, 12) % 100)::BIGINT < 75 THEN 'standard'
            WHEN (hash(i, 12) % 100)::BIGINT < 95 THEN 'complex' ELSE 'custom' END AS complexity,
       NULL::VARCHAR AS priority, NULL::VARCHAR AS site, NULL::VARCHAR AS customer,
       TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_microseconds((i * (31536000000000 // $n))::BIGINT) AS created_at
FROM range($n) r(i)

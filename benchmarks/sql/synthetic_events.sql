-- synthetic_events: a deterministic synthetic history for benchmarks: $n tickets, about 8 events each,
-- over one year from 2026-01-01, shaped like the default organisation (acknowledgement, replies, closing,
-- 25% escalations to SYSADMIN / BILLING / a DC site with a notice and a pickup, 10% customer waits,
-- 5% reopened). Pseudo-random draws are hashes of the ticket number, so every run builds the same data.
-- Grain: event. Parameters: $n.
WITH t AS (
    SELECT i,
           'T' || lpad(i::VARCHAR, 8, '0') AS ticket_id,
           TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_microseconds((i * (31536000000000 // $n))::BIGINT) AS t0,
           (hash(i, 1) % 100)::BIGINT AS r_esc,
           (hash(i, 2) % 100)::BIGINT AS r_pause,
           (hash(i, 3) % 100)::BIGINT AS r_reopen,
           (hash(i, 4) % 6)::BIGINT   AS r_team,
           (30 + (hash(i, 5) % 120)::BIGINT)::BIGINT * 1000000       AS ack_us,
           (60 + (hash(i, 6) % 900)::BIGINT)::BIGINT * 1000000       AS reply_us,
           (600 + (hash(i, 7) % 14400)::BIGINT)::BIGINT * 1000000    AS work_us,
           (60 + (hash(i, 8) % 7200)::BIGINT)::BIGINT * 1000000      AS pickup_us,
           (600 + (hash(i, 9) % 86400)::BIGINT)::BIGINT * 1000000    AS pause_us
    FROM range($n) r(i)
), e AS (
    SELECT ticket_id, t0 AS ts, 'created' AS kind, 'L1' AS team, NULL AS to_team, NULL::TIMESTAMPTZ AS due_at, 0 AS o FROM t
    UNION ALL SELECT ticket_id, t0 + to_microseconds(ack_us), 'acknowledged', NULL, NULL, NULL, 1 FROM t
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us), 'agent_reply', 'L1', NULL, NULL, 2 FROM t
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 300000000), 'customer_reply', NULL, NULL, NULL, 3 FROM t
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 600000000), 'escalated', 'L1',
                     (['SYSADMIN', 'BILLING', 'DC-NL', 'DC-DE', 'DC-US', 'DC-CA'])[r_team + 1], NULL, 4 FROM t WHERE r_esc < 25
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 780000000), 'agent_reply', 'L1', NULL, NULL, 5 FROM t WHERE r_esc < 25
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 600000000 + pickup_us), 'assigned',
                     (['SYSADMIN', 'BILLING', 'DC-NL', 'DC-DE', 'DC-US', 'DC-CA'])[r_team + 1], NULL, NULL, 6 FROM t WHERE r_esc < 25
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000 + pause_us * ((r_pause < 10)::BIGINT) + work_us // 2),
                     'agent_reply', CASE WHEN r_esc < 25 THEN (['SYSADMIN', 'BILLING', 'DC-NL', 'DC-DE', 'DC-US', 'DC-CA'])[r_team + 1] ELSE 'L1' END,
                     NULL, NULL, 9 FROM t
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000 + pause_us * ((r_pause < 10)::BIGINT) + work_us + 1800000000),
                     'closed', 'L1', NULL, NULL, 12 FROM t WHERE r_reopen >= 5
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000), 'paused', 'L1', NULL, NULL, 7 FROM t WHERE r_pause < 10
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000 + pause_us), 'resumed', 'L1', NULL, NULL, 8 FROM t WHERE r_pause < 10
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000 + pause_us * (r_pause < 10)::BIGINT + work_us),
                     'resolved', CASE WHEN r_esc < 25 THEN (['SYSADMIN', 'BILLING', 'DC-NL', 'DC-DE', 'DC-US', 'DC-CA'])[r_team + 1] ELSE 'L1' END,
                     NULL, NULL, 9 FROM t
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000 + pause_us * (r_pause < 10)::BIGINT + work_us + 3600000000),
                     'reopened', 'L1', NULL, NULL, 10 FROM t WHERE r_reopen < 5
    UNION ALL SELECT ticket_id, t0 + to_microseconds(reply_us + 900000000 + pause_us * (r_pause < 10)::BIGINT + 2 * work_us + 3600000000),
                     'resolved', 'L1', NULL, NULL, 11 FROM t WHERE r_reopen < 5
)
SELECT ticket_id,
       row_number() OVER (PARTITION BY ticket_id ORDER BY ts, o)::INTEGER AS seq,
       ts, kind, team, NULL::VARCHAR AS agent, to_team, NULL::VARCHAR AS reason, due_at, NULL::VARCHAR AS detail
FROM e

-- fact_clocks: the clock facts the dashboard aggregates, with what its charts need precomputed: the
-- wall-clock duration (customer waits and closed hours included) and the hour of week of a breach.
-- Grain: (ticket, metric, cycle). Inputs: clock_facts, policy_settings (after prepare_clocks);
-- parameter $as_of (a running clock's wall-clock duration runs to it).
CREATE OR REPLACE TEMP TABLE fact_clocks AS
SELECT
    c.ticket_id, c.metric, c.cycle, c.team, c.channel, c.complexity, c.category, c.priority, c.site,
    c.replication, c.started_at, c.stopped_at, c.target_seconds, c.elapsed_seconds, c.status,
    c.breached_at, c.note, c.calendar, c.due_at, c.day, c.week, c.month,
    epoch(coalesce(c.stopped_at, $as_of)) - epoch(c.started_at)                     AS wall_seconds,
    -- 0 = Monday 00:00-01:00 ... 167 = Sunday 23:00-24:00, local time of the reporting timezone
    CASE WHEN c.breached_at IS NOT NULL THEN
        (isodow(timezone(s.report_tz, c.breached_at)) - 1) * 24 + hour(timezone(s.report_tz, c.breached_at))
    END::INTEGER                                                                     AS breach_hour_of_week
FROM clock_facts c
CROSS JOIN policy_settings s;

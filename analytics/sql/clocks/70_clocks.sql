-- clocks: one row per (ticket, metric, cycle) with elapsed time, status and breach instant.
-- Grain: (ticket, metric, cycle). Inputs: clock_spans, clock_segments, cal_intervals.
-- status: met (stopped with elapsed <= target), breached (elapsed > target, stopped or still running
-- at as-of; breached_at = the instant the target ran out), pending (running, within target).
-- A custom request without an estimate has no target: it is a breach from its start (a finding).
CREATE OR REPLACE TEMP TABLE clocks AS
WITH fast AS (
    -- 24/7 clocks without pauses: elapsed is a subtraction
    SELECT c.*, epoch_us(c.end_at) - epoch_us(c.started_at) AS elapsed_us,
           c.started_at + to_microseconds(round(c.target_seconds * 1e6)::BIGINT) AS over_at
    FROM clock_spans c
    WHERE c.calendar = '24/7' AND NOT c.pausable
), totals AS (
    SELECT ticket_id, metric, cycle, sum(open_us)::BIGINT AS elapsed_us FROM clock_segments GROUP BY ALL
), crossing AS (
    -- the piece in which the target ran out, and the calendar position where it did
    SELECT s.ticket_id, s.metric, s.cycle, s.calendar, s.lo,
           s.f_lo + (round(c.target_seconds * 1e6)::BIGINT - s.open_before_us) AS v
    FROM clock_segments s
    JOIN clock_spans c USING (ticket_id, metric, cycle)
    WHERE c.target_seconds IS NOT NULL
      AND s.open_before_us + s.open_us > round(c.target_seconds * 1e6)::BIGINT
      AND s.open_before_us <= round(c.target_seconds * 1e6)::BIGINT
), crossed AS (
    SELECT x.ticket_id, x.metric, x.cycle,
           to_timestamp(0) + to_microseconds(CASE WHEN x.calendar = '24/7' THEN x.v ELSE ci.start_us + (x.v - ci.cum_us) END) AS over_at
    FROM crossing x
    ASOF LEFT JOIN cal_intervals ci ON ci.calendar = x.calendar AND ci.cum_us <= x.v
), slow AS (
    SELECT c.*, t.elapsed_us, x.over_at
    FROM clock_spans c
    JOIN totals t USING (ticket_id, metric, cycle)
    LEFT JOIN crossed x USING (ticket_id, metric, cycle)
), measured AS (
    SELECT * FROM fast
    UNION ALL BY NAME
    SELECT * FROM slow
)
SELECT
    ticket_id, metric, cycle, team, channel, complexity,
    started_at, stopped_at, target_seconds,
    elapsed_us / 1e6 AS elapsed_seconds,
    CASE WHEN target_seconds IS NULL THEN 'breached'
         WHEN elapsed_us > round(target_seconds * 1e6) THEN 'breached'
         WHEN stopped_at IS NOT NULL THEN 'met'
         ELSE 'pending' END AS status,
    CASE WHEN target_seconds IS NULL THEN started_at
         WHEN elapsed_us > round(target_seconds * 1e6) THEN over_at END AS breached_at,
    calendar,
    due_at,
    CASE WHEN target_seconds IS NULL THEN 'custom request without an estimate'
         WHEN elapsed_us > round(target_seconds * 1e6) AND stopped_at IS NOT NULL THEN 'stopped after the target'
         WHEN elapsed_us > round(target_seconds * 1e6) THEN 'still running past the target'
    END AS note
FROM measured;

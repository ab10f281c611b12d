-- clock_segments: the running pieces of the clocks that need more than subtraction — clocks on a
-- business calendar and pausable clocks of tickets that paused — with the open time of each piece.
-- A clock's running pieces are [started_at, end_at] minus its ticket's pause intervals; the open
-- time of a piece is F(hi) - F(lo), F being the calendar's cumulative open time (looked up with an
-- ASOF join in cal_intervals; 24/7 pieces are plain differences).
-- Grain: (clock, piece). Inputs: clock_spans, pause_intervals, cal_intervals.
CREATE OR REPLACE TEMP TABLE clock_segments AS
WITH slow AS (
    SELECT row_number() OVER () AS clock_no, ticket_id, metric, cycle, calendar, pausable,
           epoch_us(started_at) AS start_us, epoch_us(end_at) AS end_us
    FROM clock_spans
    WHERE calendar <> '24/7' OR pausable
), cut AS (
    -- the clipped pauses inside each pausable clock, in order
    SELECT s.clock_no,
           greatest(epoch_us(p.pause_start), s.start_us)                                  AS p_lo,
           least(coalesce(epoch_us(p.pause_end), s.end_us), s.end_us)                      AS p_hi
    FROM slow s
    JOIN pause_intervals p
      ON p.ticket_id = s.ticket_id AND s.pausable
     AND epoch_us(p.pause_start) < s.end_us
     AND (p.pause_end IS NULL OR epoch_us(p.pause_end) > s.start_us)
), bounds AS (
    -- piece i runs from the end of pause i-1 (or the clock start) to the start of pause i (or the end)
    SELECT clock_no, p_lo AS piece_hi,
           lag(p_hi) OVER (PARTITION BY clock_no ORDER BY p_lo) AS prev_hi,
           row_number() OVER (PARTITION BY clock_no ORDER BY p_lo) AS piece_no,
           max(p_hi) OVER (PARTITION BY clock_no) AS last_hi
    FROM cut
), pieces AS (
    SELECT s.clock_no, s.calendar, b.piece_no, coalesce(b.prev_hi, s.start_us) AS lo, b.piece_hi AS hi
    FROM bounds b JOIN slow s USING (clock_no)
    UNION ALL
    -- the last piece: after the last pause (or the whole clock when nothing was cut)
    SELECT s.clock_no, s.calendar, coalesce(l.n, 0) + 1 AS piece_no, coalesce(l.last_hi, s.start_us) AS lo, s.end_us AS hi
    FROM slow s
    LEFT JOIN (SELECT clock_no, max(piece_no) AS n, max(last_hi) AS last_hi FROM bounds GROUP BY clock_no) l USING (clock_no)
), valued AS (
    SELECT p.*,
           CASE WHEN p.calendar = '24/7' THEN greatest(p.hi - p.lo, 0)
                ELSE greatest(
                    (ch.cum_us + greatest(0, least(p.hi, ch.end_us) - ch.start_us))
                  - (cl.cum_us + greatest(0, least(p.lo, cl.end_us) - cl.start_us)), 0)
           END AS open_us,
           CASE WHEN p.calendar = '24/7' THEN p.lo
                ELSE cl.cum_us + greatest(0, least(p.lo, cl.end_us) - cl.start_us) END AS f_lo
    FROM pieces p
    ASOF LEFT JOIN cal_intervals cl ON cl.calendar = p.calendar AND cl.start_us <= p.lo
    ASOF LEFT JOIN cal_intervals ch ON ch.calendar = p.calendar AND ch.start_us <= p.hi
    WHERE p.hi > p.lo OR p.piece_no = 1
)
SELECT v.*, s.ticket_id, s.metric, s.cycle,
       coalesce(sum(open_us) OVER (PARTITION BY clock_no ORDER BY piece_no
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::BIGINT AS open_before_us
FROM valued v JOIN slow s USING (clock_no);

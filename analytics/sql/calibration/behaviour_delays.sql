-- Purpose: the delays of the [behaviour] table, one row per measured occurrence, in wall-clock minutes.
-- Grain: one row per (measure, occurrence). Measures: ack_delay (created -> acknowledged), notice_delay
-- (escalated or approval_requested -> the same team's next reply), status_every (consecutive replies with
-- nothing but notes and pickups between them, neither one asking the customer), pause_duration
-- (paused -> resumed), reopen_after (resolved -> reopened), close_after (resolved -> closed),
-- approval_delay (approval_requested -> the decision).
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team,
           count(*) FILTER (WHERE e.kind NOT IN ('agent_reply', 'internal_note', 'assigned'))
               OVER (PARTITION BY e.ticket_id ORDER BY e.seq) AS breaks,
           lead(e.kind) OVER (PARTITION BY e.ticket_id ORDER BY e.seq) AS next_kind
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
), replies AS (
    SELECT ticket_id, seq, ts, team, breaks, next_kind FROM ev WHERE kind = 'agent_reply'
), ordinary AS (
    SELECT ts, breaks, next_kind,
           lag(ts) OVER w AS prev_ts, lag(breaks) OVER w AS prev_breaks, lag(next_kind) OVER w AS prev_next
    FROM replies
    WINDOW w AS (PARTITION BY ticket_id ORDER BY seq)
), handoffs AS (
    SELECT * FROM ev WHERE kind IN ('escalated', 'approval_requested')
), resolutions AS (
    SELECT ticket_id, seq, ts FROM ev WHERE kind = 'resolved'
)
SELECT 'ack_delay' AS measure, epoch(a.ts - c.ts) / 60.0 AS minutes
FROM ev c ASOF JOIN (SELECT * FROM ev WHERE kind = 'acknowledged') a ON a.ticket_id = c.ticket_id AND a.seq > c.seq
WHERE c.kind = 'created'
UNION ALL
SELECT 'notice_delay', epoch(r.ts - h.ts) / 60.0
FROM handoffs h ASOF JOIN replies r ON r.ticket_id = h.ticket_id AND r.seq > h.seq
WHERE r.team IS NOT DISTINCT FROM h.team
UNION ALL
SELECT 'status_every', epoch(ts - prev_ts) / 60.0
FROM ordinary
WHERE prev_ts IS NOT NULL AND breaks = prev_breaks AND next_kind IS DISTINCT FROM 'paused'
UNION ALL
SELECT 'pause_duration', epoch(r.ts - p.ts) / 60.0
FROM ev p ASOF JOIN (SELECT * FROM ev WHERE kind = 'resumed') r ON r.ticket_id = p.ticket_id AND r.seq > p.seq
WHERE p.kind = 'paused'
UNION ALL
SELECT 'reopen_after', epoch(o.ts - r.ts) / 60.0
FROM ev o ASOF JOIN resolutions r ON r.ticket_id = o.ticket_id AND r.seq < o.seq
WHERE o.kind = 'reopened'
UNION ALL
SELECT 'close_after', epoch(c.ts - r.ts) / 60.0
FROM ev c ASOF JOIN resolutions r ON r.ticket_id = c.ticket_id AND r.seq < c.seq
WHERE c.kind = 'closed'
UNION ALL
SELECT 'approval_delay', epoch(d.ts - h.ts) / 60.0
FROM handoffs h
ASOF JOIN (SELECT * FROM ev WHERE kind IN ('approval_granted', 'approval_denied')) d
    ON d.ticket_id = h.ticket_id AND d.seq > h.seq
WHERE h.kind = 'approval_requested'

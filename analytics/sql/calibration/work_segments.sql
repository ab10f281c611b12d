-- Purpose: work steps of each team: from the team's first reply on a ticket (the intake team) or its
-- `assigned` pickup (a receiving team) to its next hand-off or resolution, in wall-clock minutes.
-- Grain: one row per work step.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
-- Steps after a reopening are left out (rework, not first work); `paused` says whether the step stopped to
-- ask the customer (its minutes then include that wait and are not used as work time).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team, t.category, t.complexity
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
), reopened AS (
    SELECT ticket_id, min(seq) AS seq FROM ev WHERE kind = 'reopened' GROUP BY 1
), first_reply AS (
    SELECT ticket_id, min(seq) AS seq FROM ev WHERE kind = 'agent_reply' AND team IS NOT NULL GROUP BY 1
), starts AS (
    SELECT x.* FROM ev x JOIN first_reply f ON f.ticket_id = x.ticket_id AND f.seq = x.seq
    UNION ALL
    SELECT * FROM ev WHERE kind = 'assigned' AND team IS NOT NULL
), ends AS (
    SELECT ticket_id, seq, ts, team FROM ev WHERE kind IN ('escalated', 'approval_requested', 'resolved')
), pauses AS (
    SELECT ticket_id, seq FROM ev WHERE kind = 'paused'
), steps AS (
    SELECT s.ticket_id, s.seq, s.ts, s.team, s.category, s.complexity, n.seq AS end_seq,
           epoch(n.ts - s.ts) / 60.0 AS minutes, n.team AS end_team
    FROM starts s ASOF JOIN ends n ON n.ticket_id = s.ticket_id AND n.seq > s.seq
)
SELECT st.team, st.category, st.complexity, st.ts AS started_at, st.minutes, coalesce(p.seq < st.end_seq, false) AS paused
FROM steps st
ASOF LEFT JOIN pauses p ON p.ticket_id = st.ticket_id AND p.seq > st.seq
LEFT JOIN reopened r ON r.ticket_id = st.ticket_id
WHERE (r.seq IS NULL OR st.seq < r.seq)
  AND st.end_team IS NOT DISTINCT FROM st.team

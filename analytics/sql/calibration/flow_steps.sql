-- Purpose: the routing flows: work steps of a team that received a ticket, and how each ended.
-- Grain: one row per (team, category, complexity, outcome, to_team, reason); n = work steps. outcome is
-- 'handed_off' (the step ended in the team's `escalated`, to to_team for reason), 'resolved' (to_team and
-- reason NULL) or 'other_team' (the ticket's next hand-off or resolution was by another team: left out).
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
-- A step starts when an `escalated` event names its team in to_team (so the intake team's first work is
-- not one, a ticket coming back to it is) and ends at the ticket's next `escalated` or `resolved`; steps
-- still open are left out, and so is everything from a ticket's first reopening on (not routed again).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.kind, e.team, e.to_team, e.reason, t.category, t.complexity
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
      AND e.kind IN ('escalated', 'resolved', 'reopened')
), reopened AS (
    SELECT ticket_id, min(seq) AS seq FROM ev WHERE kind = 'reopened' GROUP BY 1
), starts AS (
    SELECT ticket_id, seq, to_team AS team, category, complexity
    FROM ev WHERE kind = 'escalated' AND to_team IS NOT NULL
), ends AS (
    SELECT ticket_id, seq, kind, team, to_team, reason FROM ev WHERE kind IN ('escalated', 'resolved')
), steps AS (
    SELECT s.ticket_id, s.seq, s.team, s.category, s.complexity,
           n.kind AS end_kind, n.team AS end_team, n.to_team AS end_to, n.reason AS end_reason
    FROM starts s ASOF JOIN ends n ON n.ticket_id = s.ticket_id AND n.seq > s.seq
)
SELECT st.team, st.category, st.complexity,
       CASE WHEN coalesce(st.end_team, st.team) <> st.team THEN 'other_team'
            WHEN st.end_kind = 'escalated' THEN 'handed_off'
            ELSE 'resolved' END AS outcome,
       CASE WHEN st.end_kind = 'escalated' THEN st.end_to END AS to_team,
       CASE WHEN st.end_kind = 'escalated' THEN st.end_reason END AS reason,
       count(*) AS n
FROM steps st
LEFT JOIN reopened r ON r.ticket_id = st.ticket_id
WHERE r.seq IS NULL OR st.seq < r.seq
GROUP BY ALL
ORDER BY 1, 2, 3, 4, 5, 6

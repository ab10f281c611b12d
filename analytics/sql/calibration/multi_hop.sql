-- Purpose: hand-offs the one-hop scenario format cannot express: from a team other than the intake team,
-- or back to a team that already had the ticket.
-- Grain: one row per (team, to_team, reason, bounce); n = escalated events.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ), $intake (the intake team).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.team, e.to_team, e.reason, e.kind
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
), held AS (
    SELECT DISTINCT ticket_id, team, seq FROM ev WHERE team IS NOT NULL AND kind <> 'created'
), hops AS (
    SELECT x.team, x.to_team, x.reason,
           EXISTS (SELECT 1 FROM held h WHERE h.ticket_id = x.ticket_id AND h.team = x.to_team AND h.seq < x.seq)
               AS bounce
    FROM ev x
    WHERE x.kind = 'escalated'
)
SELECT team, to_team, reason, bounce, count(*) AS n
FROM hops
WHERE team IS DISTINCT FROM $intake OR bounce
GROUP BY ALL
ORDER BY n DESC

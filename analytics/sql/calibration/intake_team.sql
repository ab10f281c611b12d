-- Purpose: the intake team: the team of each ticket's first agent event, most frequent first.
-- Grain: one row per team.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
WITH firsts AS (
    SELECT arg_min(e.team, e.seq) AS team
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
      AND e.team IS NOT NULL
      AND e.kind IN ('agent_reply', 'assigned', 'escalated', 'approval_requested', 'resolved', 'created')
    GROUP BY e.ticket_id
)
SELECT team, count(*) AS tickets FROM firsts GROUP BY ALL ORDER BY 2 DESC, 1

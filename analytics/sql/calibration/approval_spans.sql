-- Purpose: each approval request of the period with its decision: when asked, when decided, by which team,
-- so calibration can measure the wait in the approver's business hours.
-- Grain: one row per approval_requested event followed by a decision.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.to_team
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
      AND e.kind IN ('approval_requested', 'approval_granted', 'approval_denied')
)
SELECT h.to_team AS approver, h.ts AS asked_at, d.ts AS decided_at
FROM ev h
ASOF JOIN (SELECT * FROM ev WHERE kind <> 'approval_requested') d ON d.ticket_id = h.ticket_id AND d.seq > h.seq
WHERE h.kind = 'approval_requested'

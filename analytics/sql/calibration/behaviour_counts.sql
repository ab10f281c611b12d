-- Purpose: the shares of the [behaviour] table: tickets resolved and reopened, approvals granted and denied.
-- Grain: one row.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
SELECT
    count(DISTINCT e.ticket_id) FILTER (WHERE e.kind = 'resolved') AS resolved_tickets,
    count(DISTINCT e.ticket_id) FILTER (WHERE e.kind = 'reopened') AS reopened_tickets,
    count(*) FILTER (WHERE e.kind = 'approval_granted') AS approvals_granted,
    count(*) FILTER (WHERE e.kind = 'approval_denied') AS approvals_denied
FROM events e
JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
  AND t.created_at >= $start AND t.created_at < $end

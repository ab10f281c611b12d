-- Purpose: hand-offs per ticket, for routing.max_hops, and the hand-offs after a reopening (not routed).
-- Grain: one row: max_hops (most `escalated` events of one ticket before its first reopening),
-- multi_hop_tickets (tickets with more than one), after_reopening (`escalated` events from a reopening on).
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.kind
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
      AND e.kind IN ('escalated', 'reopened')
), reopened AS (
    SELECT ticket_id, min(seq) AS seq FROM ev WHERE kind = 'reopened' GROUP BY 1
), per_ticket AS (
    SELECT x.ticket_id,
           count(*) FILTER (WHERE r.seq IS NULL OR x.seq < r.seq) AS hops,
           count(*) FILTER (WHERE x.seq > r.seq) AS after_reopening
    FROM ev x LEFT JOIN reopened r ON r.ticket_id = x.ticket_id
    WHERE x.kind = 'escalated'
    GROUP BY 1
)
SELECT coalesce(max(hops), 0) AS max_hops, count(*) FILTER (WHERE hops > 1) AS multi_hop_tickets,
       coalesce(sum(after_reopening), 0) AS after_reopening
FROM per_ticket

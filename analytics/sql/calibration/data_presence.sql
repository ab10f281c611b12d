-- Purpose: what the history holds at all (agents, replies, reasons), so calibration can name its gaps.
-- Grain: one row.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
SELECT
    count(*) AS events,
    count(*) FILTER (WHERE e.agent IS NOT NULL AND e.kind NOT IN ('acknowledged', 'closed')) AS agent_events,
    count(*) FILTER (WHERE e.kind = 'agent_reply') AS replies,
    count(*) FILTER (WHERE e.kind = 'acknowledged') AS acknowledgements,
    count(*) FILTER (WHERE e.kind = 'escalated') AS escalations,
    count(*) FILTER (WHERE e.kind = 'escalated' AND e.reason IS NULL) AS escalations_without_reason,
    count(*) FILTER (WHERE e.kind = 'assigned') AS assignments,
    count(*) FILTER (WHERE e.team IS NOT NULL) AS team_events
FROM events e
JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
  AND t.created_at >= $start AND t.created_at < $end

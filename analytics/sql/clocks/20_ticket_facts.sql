-- ticket_facts: one row per ticket created by the as-of instant: intake, first acknowledgement and
-- reply, current owner, whether it ever paused.
-- Grain: ticket. Inputs: clock_events, tickets; parameter $ds.
-- The owner is the team of the latest created / assigned event or the to_team of the latest
-- escalation (an approval request does not move the ticket).
CREATE OR REPLACE TEMP TABLE ticket_facts AS
WITH f AS (
    SELECT
        ticket_id,
        min(ts)               FILTER (WHERE kind = 'created')        AS created_ts,
        arg_min(team, seq)    FILTER (WHERE kind = 'created')        AS intake_team,
        min(ts)               FILTER (WHERE kind = 'acknowledged')   AS ack_ts,
        min(ts)               FILTER (WHERE kind = 'agent_reply')    AS reply_ts,
        arg_max(CASE WHEN kind = 'escalated' THEN to_team ELSE team END, seq)
                              FILTER (WHERE kind IN ('created', 'assigned', 'escalated')) AS owner,
        bool_or(kind = 'paused')                                     AS has_pause,
        bool_or(kind IN ('escalated', 'approval_requested'))         AS has_handoff
    FROM clock_events
    GROUP BY ticket_id
)
SELECT f.*, t.channel, t.complexity, t.category, t.priority, t.site, t.replication
FROM f
JOIN tickets t ON t.dataset_id = $ds AND t.ticket_id = f.ticket_id
WHERE f.created_ts IS NOT NULL;

-- Purpose: work steps of each team: from the team's first reply on a ticket (the intake team) or its
-- `assigned` pickup (a receiving team) to its next hand-off or resolution, in wall-clock minutes.
-- Grain: one row per work step; `agent` is who started it (NULL when the log names no agent), `attended`
-- the minutes until that agent's next event on another ticket, when that came before the step's end.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
-- One step per hand-off or resolution: it starts at the first pickup (or reply) before it.
-- Steps after a reopening are left out (rework, not first work); `paused` says whether the step stopped to
-- ask the customer (its minutes then include that wait and are not used as work time).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team, e.agent, t.category, t.complexity
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
), agent_events AS (
    -- Every agent's events on the period's tickets, to see when they turned to another ticket. At one
    -- instant a ticket's end comes before the next ticket's start (`ends_first`).
    SELECT e.agent, e.ts, e.ticket_id,
           CASE WHEN e.kind IN ('resolved', 'escalated', 'approval_requested', 'paused') THEN 0 ELSE 1 END
               AS ends_first
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND e.agent IS NOT NULL AND e.kind NOT IN ('closed', 'acknowledged')
      AND t.created_at >= $start AND t.created_at < $end
), visits AS (
    -- Runs of one agent's consecutive events on one ticket; `next_at` is when the agent's next run began
    -- at a later instant (a run of another ticket at the very same instant is a tie, not a turn away).
    SELECT agent, ticket_id, run_at,
           min(run_at) OVER (PARTITION BY agent ORDER BY run_at
                             RANGE BETWEEN INTERVAL 1 MICROSECOND FOLLOWING AND UNBOUNDED FOLLOWING) AS next_at
    FROM (SELECT agent, ticket_id, run, min(ts) AS run_at FROM (
        SELECT agent, ts, ticket_id, ordinal,
               sum(CASE WHEN ticket_id IS DISTINCT FROM prev THEN 1 ELSE 0 END)
                   OVER (PARTITION BY agent ORDER BY ordinal ROWS UNBOUNDED PRECEDING) AS run
        FROM (
            SELECT *, lag(ticket_id) OVER (PARTITION BY agent ORDER BY ordinal) AS prev
            FROM (
                SELECT *, row_number() OVER (PARTITION BY agent ORDER BY ts, ends_first, ticket_id) AS ordinal
                FROM agent_events
            )
        )
    )
    GROUP BY agent, run, ticket_id)
), pauses AS (
    SELECT ticket_id, seq FROM ev WHERE kind = 'paused'
), all_steps AS (
    SELECT s.ticket_id, s.seq, s.ts, s.team, s.agent, s.category, s.complexity, n.seq AS end_seq,
           epoch(n.ts - s.ts) / 60.0 AS minutes, n.team AS end_team
    FROM starts s ASOF JOIN ends n ON n.ticket_id = s.ticket_id AND n.seq > s.seq
), steps AS (
    -- One step per (ticket, end): later pickups before the same end (a log that records every status
    -- change as `assigned`) belong to the step that the first one started.
    SELECT * FROM all_steps QUALIFY row_number() OVER (PARTITION BY ticket_id, end_seq ORDER BY seq) = 1
)
SELECT st.team, st.agent, st.category, st.complexity, st.ts AS started_at, st.minutes,
       -- until the agent who started the step turned to another ticket, if that came before its end
       least(st.minutes, epoch(v.next_at - st.ts) / 60.0) AS attended, coalesce(p.seq < st.end_seq, false) AS paused
FROM steps st
ASOF LEFT JOIN pauses p ON p.ticket_id = st.ticket_id AND p.seq > st.seq
ASOF LEFT JOIN visits v ON v.agent = st.agent AND v.ticket_id = st.ticket_id AND v.run_at <= st.ts
LEFT JOIN reopened r ON r.ticket_id = st.ticket_id
WHERE (r.seq IS NULL OR st.seq < r.seq)
  AND st.end_team IS NOT DISTINCT FROM st.team

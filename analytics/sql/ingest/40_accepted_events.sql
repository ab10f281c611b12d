-- accepted_events: the accepted events in the store's shape, with `seq` numbering each ticket's
-- events by time; at equal times `created` comes first, then source order (line, then the order of
-- the events an adapter derived from one line).
-- Grain: event. Inputs: staged_verdict.
SELECT
    tid      AS ticket_id,
    row_number() OVER (PARTITION BY tid ORDER BY ts, (k <> 'created'), line, sub)::INTEGER AS seq,
    ts,
    k        AS kind,
    tm       AS team,
    agent_v  AS agent,
    to_tm    AS to_team,
    reason_v AS reason,
    due_ts   AS due_at,
    detail_v AS detail
FROM staged_verdict
WHERE reject_reason IS NULL
ORDER BY tid, seq

-- Floor of an import (no check at all), ServiceNow benchmark file: every update as an event (its
-- state as the kind), numbered per incident by time and update count, in the store's shape and
-- order. Grain: event. Inputs: src (the file as text), $fmt (the day-first date format).
SELECT
    number AS ticket_id,
    row_number() OVER (PARTITION BY number ORDER BY ts, sys_mod_count::INTEGER)::INTEGER AS seq,
    ts, incident_state AS kind, assignment_group AS team, assigned_to AS agent, NULL AS to_team,
    NULL AS reason, NULL::TIMESTAMPTZ AS due_at, NULL AS detail
FROM (SELECT *, timezone('UTC', strptime(sys_updated_at, $fmt)) AS ts FROM src)
ORDER BY ticket_id, seq

-- Floor of an import (no check at all), canonical benchmark file: every row as an event, numbered per
-- ticket by time, in the store's shape and order. Grain: event. Inputs: src (the file as read by
-- DuckDB's reader, types sniffed).
SELECT
    ticket_id,
    row_number() OVER (PARTITION BY ticket_id ORDER BY "at", kind <> 'created')::INTEGER AS seq,
    "at"::TIMESTAMPTZ AS ts, kind, team, agent, to_team, reason, due_at::TIMESTAMPTZ AS due_at,
    NULL::VARCHAR AS detail
FROM src
ORDER BY ticket_id, seq

-- rejects: refused source lines with line, ticket, reason and the source row as JSON, in source order.
-- Grain: refused source line (when an adapter derived several events from one line, the first
-- refused one gives the reason). Inputs: staged_verdict, source_raw (line, raw: the adapter's view of
-- its source rows; only the refused lines are turned into JSON). A ticket id is shown with its
-- control and invisible characters as '?' (the raw JSON keeps them, escaped).
WITH r AS (
    SELECT line, arg_min(tid, sub) AS tid, arg_min(reject_reason, sub) AS reason
    FROM staged_verdict
    WHERE reject_reason IS NOT NULL
    GROUP BY line
), raw AS (
    SELECT line, raw FROM source_raw WHERE line IN (SELECT line FROM r)
)
SELECT r.line AS source_line, regexp_replace(r.tid, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?', 'g') AS ticket_id, raw.raw::VARCHAR AS raw, r.reason
FROM r LEFT JOIN raw USING (line)
ORDER BY r.line

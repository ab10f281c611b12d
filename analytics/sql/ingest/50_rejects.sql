-- rejects: refused source rows with line, ticket and reason, in source order.
-- Grain: refused source row. Inputs: staged_verdict.
SELECT line AS source_line, tid AS ticket_id, raw, reject_reason AS reason
FROM staged_verdict
WHERE reject_reason IS NOT NULL
ORDER BY line

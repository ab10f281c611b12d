-- accepted_native: the native verdicts of the tickets an import accepts (a refused ticket's are dropped).
-- Grain: (ticket_id, name). Inputs: native_rows, staged_verdict.
SELECT n.*
FROM native_rows n
WHERE n.ticket_id IN (SELECT tid FROM staged_verdict WHERE reject_reason IS NULL AND k = 'created')

-- native_verdicts: the source's own SLA verdicts of a dataset, as its import kept them.
-- Grain: (ticket, native SLA field). Inputs: native_sla; parameter ? = dataset_id.
SELECT ticket_id, source, name, metric, met, value
FROM native_sla
WHERE dataset_id = ?
ORDER BY ticket_id, name

-- verdicts_insert: keep the native verdicts of an import's accepted tickets.
-- Grain: (ticket_id, name). Inputs: new_native (registered: the columns of native_rows);
-- parameter ? = dataset_id.
INSERT INTO native_sla
SELECT ?, ticket_id, source, name, metric, met, value
FROM new_native

-- scope_insert: record the metrics a dataset's source cannot measure, with the reason.
-- Grain: (dataset, metric). Inputs: scope_rows (registered: metric, reason); parameters
-- ? = dataset_id, the mapping or format that says so.
INSERT INTO metric_scope
SELECT ?, metric, false, reason, ?
FROM scope_rows

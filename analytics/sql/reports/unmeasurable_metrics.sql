-- unmeasurable_metrics: the metrics a dataset's source cannot measure, with the reason and who says so.
-- Grain: metric. Inputs: metric_scope; parameter ? = dataset_id.
SELECT metric, reason, source
FROM metric_scope
WHERE dataset_id = ? AND NOT measurable
ORDER BY metric

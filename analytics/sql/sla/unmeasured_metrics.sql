-- unmeasured_metrics: the metrics a dataset's source cannot measure (recorded at import from the
-- mapping); their clocks are not applicable. Grain: metric. Inputs: metric_scope; parameter ? = dataset_id.
SELECT metric
FROM metric_scope
WHERE dataset_id = ? AND NOT measurable

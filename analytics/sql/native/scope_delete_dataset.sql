-- scope_delete_dataset: forget which metrics a dataset's source cannot measure.
-- Grain: metric_scope rows. Inputs: metric_scope; parameter ? = dataset_id.
DELETE FROM metric_scope
WHERE dataset_id = ?

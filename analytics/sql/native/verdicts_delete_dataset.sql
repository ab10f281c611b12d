-- verdicts_delete_dataset: remove every native verdict of a dataset (a new dataset may reuse the id
-- of a deleted one). Grain: native_sla rows. Inputs: native_sla; parameter ? = dataset_id.
DELETE FROM native_sla
WHERE dataset_id = ?

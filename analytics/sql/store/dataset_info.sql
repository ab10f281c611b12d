-- dataset_info: one dataset's bookkeeping, looked up by name: id, kind, source, policy, parameters,
-- seed, replication and scenario (the one lookup of a dataset by name; see analytics.store.datasets).
-- Grain: dataset (names are unique); no row when there is none. Inputs: datasets; parameter $name.
SELECT dataset_id, name, kind, source, policy, params, seed, replication, scenario
FROM datasets
WHERE name = $name

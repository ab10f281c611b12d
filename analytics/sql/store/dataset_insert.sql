-- dataset_insert: add one dataset (counts and time span stay at their defaults until refresh_counts).
-- Grain: one datasets row. Inputs: parameters ? = dataset_id, name, kind, source, created_at,
-- updated_at, policy, params (JSON text), seed, replication, scenario.
INSERT INTO datasets (dataset_id, name, kind, source, created_at, updated_at, policy, params, seed, replication,
                      scenario)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- policy_dataset: the dataset id prepare_clocks registered with the policy's settings.
-- Grain: one row. Inputs: policy_settings (registered).
SELECT ds
FROM policy_settings

-- dataset_names: every dataset's name, for the message that a name is unknown.
-- Grain: dataset. Inputs: datasets.
SELECT name
FROM datasets
ORDER BY name

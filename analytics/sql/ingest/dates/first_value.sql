-- first_value: the first value in text order, as an example for a message.
-- Grain: one row, or none. Inputs: date_values.
SELECT v
FROM date_values
ORDER BY v
LIMIT 1

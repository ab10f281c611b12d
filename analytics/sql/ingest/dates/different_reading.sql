-- different_reading: the first value (in text order) that two formats read differently, for the message.
-- Grain: one row. Inputs: date_values; parameters ? = the two formats.
SELECT v
FROM date_values
WHERE try_strptime(v, ?) <> try_strptime(v, ?)
ORDER BY v
LIMIT 1

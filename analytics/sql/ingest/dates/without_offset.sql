-- without_offset: the first value (in text order) that has no UTC offset, for the message.
-- Grain: one row, or none. Inputs: date_values; parameter ? = the offset pattern.
SELECT v
FROM date_values
WHERE NOT regexp_matches(v, ?)
ORDER BY v
LIMIT 1

-- unread_value: the first value (in text order) that a format does not read, for the message.
-- Grain: one row, or none. Inputs: date_values; parameter ? = the format.
SELECT v
FROM date_values
WHERE try_strptime(v, ?) IS NULL
ORDER BY v
LIMIT 1

-- profile head: the first rows of a table file as read, for the import wizard.
-- Grain: source row. Inputs: raw_rows; parameter ? = how many.
SELECT *
FROM raw_rows
ORDER BY line
LIMIT ?

-- profile top_values: a column's most frequent values (trimmed, non-empty), most frequent first.
-- Grain: value. Inputs: raw_rows; {value} is the column's trimmed value, NULL when empty (a quoted
-- identifier of the file's own header); parameter ? = how many.
SELECT {value} AS value, count(*) AS rows
FROM raw_rows
WHERE {value} IS NOT NULL
GROUP BY 1
ORDER BY rows DESC, value
LIMIT ?

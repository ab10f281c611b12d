-- stated_format_hit: whether at least one timestamp value reads with the stated date format (then
-- it is used without looking at every value). Grain: one row, or none.
-- Inputs: {values} (`SELECT unnest([<timestamp columns>]) AS v FROM <table>`, quoted identifiers of
-- the file's own header); parameter ? = the strptime format.
SELECT 1
FROM (SELECT trim(v) AS v FROM ({values}))
WHERE v <> '' AND v NOT IN ('?', 'NULL', 'null') AND try_strptime(v, ?) IS NOT NULL
LIMIT 1

-- date_values: the distinct timestamp values of a source (trimmed; empty and missing markers left out).
-- Grain: distinct value. Inputs: {values} (`SELECT unnest([<timestamp columns>]) AS v FROM <table>`,
-- quoted identifiers of the file's own header).
CREATE OR REPLACE TEMP TABLE date_values AS
SELECT DISTINCT trim(v) AS v
FROM ({values})
WHERE nullif(trim(v), '') IS NOT NULL AND trim(v) NOT IN ('?', 'NULL', 'null')

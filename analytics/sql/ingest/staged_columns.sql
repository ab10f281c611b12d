-- staged_columns: the columns an adapter staged (a preview shows the canonical ones among them).
-- Grain: column. Inputs: staged.
SELECT column_name
FROM (DESCRIBE staged)

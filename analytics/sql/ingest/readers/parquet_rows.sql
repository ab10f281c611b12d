-- raw_rows (Parquet): every column of the file as text, `line` = row number + 1 (the header of a
-- CSV file would be line 1). Grain: row of the file. Inputs: parameter ? = path of the file;
-- {columns} casts each column to text under its own quoted name (timestamps as ISO 8601, with the
-- offset when they have a zone), built from the file's own schema (parquet_schema).
CREATE OR REPLACE TEMP TABLE raw_rows AS
SELECT file_row_number + 2 AS line, {columns}
FROM read_parquet(?, file_row_number = true)
ORDER BY line

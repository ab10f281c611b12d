-- parquet_schema: the columns of a Parquet file with their types (column_name, column_type, ...).
-- Grain: column. Inputs: parameter ? = path of the file.
DESCRIBE SELECT * FROM read_parquet(?)

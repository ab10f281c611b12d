-- source_raw: each source row as a JSON object of its columns, looked at only for refused rows.
-- Grain: source row. Inputs: {table} (raw_rows, or full_rows when raw_rows holds only some
-- columns); {fields} is `"name" := "name"` for each of its columns (quoted header names).
CREATE OR REPLACE TEMP VIEW source_raw AS
SELECT line, to_json(struct_pack({fields})) AS raw
FROM {table}

-- staged (canonical events file): the file's canonical columns as text, in the staged shape.
-- Grain: source record. Inputs: {source} (raw_rows, or the view csv_scan that reads the file in the
-- validation's own pass). {line} is `line`, or NULL::BIGINT for csv_scan (numbered afterwards);
-- {columns} every staged column, NULL::VARCHAR where the file lacks it (fixed canonical names).
CREATE OR REPLACE TEMP VIEW staged AS
SELECT
    {line} AS line,
    0 AS sub,
    {columns},
    NULL::TIMESTAMPTZ AS at_ts,
    NULL::VARCHAR AS problem
FROM {source}

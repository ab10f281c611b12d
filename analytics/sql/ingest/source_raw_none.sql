-- source_raw (none needed): an empty `source_raw` when no row was refused, so the adapter's
-- callback that reads the raw rows is not run. Grain: none. Inputs: none.
CREATE OR REPLACE TEMP VIEW source_raw AS
SELECT NULL::BIGINT AS line, NULL::JSON AS raw
WHERE false

-- bad_lines: the lines of the records the last CSV scan set aside, as record_lines reads them.
-- Grain: malformed line. Inputs: csv_rejects (DuckDB's rejects table).
CREATE OR REPLACE TEMP TABLE bad_lines AS
SELECT DISTINCT line::BIGINT AS line
FROM csv_rejects

-- native_source (ServiceNow): the export's `made_sla` per row, for native_rows; a view, which
-- native_rows reads once. Grain: source row. Inputs: raw_rows. The placeholders are quoted
-- identifiers of the file's own columns: case (the incident number), made_sla, and order
-- (sys_mod_count, or NULL when the export lacks it).
CREATE OR REPLACE TEMP VIEW native_source AS
SELECT
    line,
    TRY_CAST({order} AS DOUBLE) AS order_num,
    trim({case})                AS case_id,
    'servicenow'                AS source,
    'made_sla'                  AS name,
    'resolution'                AS metric,
    {made_sla}                  AS value,
    true                        AS resolved
FROM raw_rows

-- native_source part (Jira): one SLA field of the export per row, for native_rows; the parts of
-- the fields an export has are joined with UNION ALL. Grain: source row. Inputs: raw_rows;
-- parameters ? = source ('jira'), the field's name, our metric. The placeholders are quoted
-- identifiers of the file's own columns: case (the issue key), value (the SLA field) and resolved
-- (the resolution time, or NULL when the export lacks it: then no ticket counts as resolved).
SELECT
    line,
    NULL::DOUBLE                                  AS order_num,
    trim({case})                                  AS case_id,
    ?::VARCHAR                                    AS source,
    ?::VARCHAR                                    AS name,
    ?::VARCHAR                                    AS metric,
    {value}                                       AS value,
    nullif(trim({resolved}), '') IS NOT NULL      AS resolved
FROM raw_rows
